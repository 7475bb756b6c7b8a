using System.Diagnostics;

namespace Fleet.EndToEnd.Tests.Infrastructure;

/// <summary>Runs a command line the way a reader would paste it into a shell.</summary>
public static class Shell
{
    public static Task RunAsync(string commandLine, CancellationToken cancellationToken) =>
        RunAsync(commandLine, new Dictionary<string, string>(), cancellationToken);

    /// <summary>Runs the command with extra environment variables, as a reader who exported them first would.</summary>
    public static async Task RunAsync(string commandLine, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", ["-c", commandLine])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"`{commandLine}` exited with {process.ExitCode}: {await stderr}");
    }
}
