using Fleet.Simulator.Cli;

namespace Fleet.Simulator.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void ArgumentsOfTheReadmeExampleAreUnderstood()
    {
        var options = CommandLine.Parse(["--broker", "mqtt.local:1884", "--boxes", "20", "--speed", "10", "--fault", "BX-0003:cooling@2m", "--fault", "BX-0001:network@90s/10m"]);

        Assert.Equal("mqtt.local", options.BrokerHost);
        Assert.Equal(1884, options.BrokerPort);
        Assert.Equal(20, options.Boxes);
        Assert.Equal(10, options.Speed);
        Assert.Equal(new ScheduledFault("BX-0003", TimeSpan.FromMinutes(2), FaultKind.CoolingFailure), options.Faults[0]);
        Assert.Equal(new ScheduledFault("BX-0001", TimeSpan.FromSeconds(90), FaultKind.NetworkDrop, TimeSpan.FromMinutes(10)), options.Faults[1]);
    }

    [Theory]
    [InlineData("--boxes", "many")]
    [InlineData("--fault", "BX-0001:melt@2m")]
    [InlineData("--fault", "BX-0001:cooling@soon")]
    [InlineData("--speed", "0")]
    [InlineData("--colour", "red")]
    public void BadArgumentIsReportedByName(string name, string value)
    {
        var ex = Assert.Throws<FormatException>(() => CommandLine.Parse([name, value]));

        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void SecretsComeFromTheCsvTheServersProvisionVerbWrites()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"fleet-secrets-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(csv, ["box_id,secret", "BX-0001,first-secret", "BX-0002,second-secret"]);
        try
        {
            var options = CommandLine.Parse(["--boxes", "3", "--secrets", csv]);

            Assert.NotNull(options.SecretFor);
            Assert.Equal("first-secret", options.SecretFor("BX-0001"));
            Assert.Equal("second-secret", options.SecretFor("BX-0002"));
            Assert.Null(options.SecretFor("BX-0003"));
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Theory]
    [InlineData("BX-0001")]
    [InlineData("BX-0001,")]
    public void ASecretsLineWithoutASecretIsReported(string line)
    {
        var ex = Assert.Throws<FormatException>(() => SecretsCsv.Parse(["box_id,secret", line]));

        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingSecretsFileIsReportedByName()
    {
        var ex = Assert.Throws<FormatException>(() => CommandLine.Parse(["--secrets", "/nonexistent/secrets.csv"]));

        Assert.Contains("--secrets", ex.Message, StringComparison.Ordinal);
    }
}
