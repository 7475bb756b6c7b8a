using System.Diagnostics;

namespace Fleet.EndToEnd.Tests.Infrastructure;

/// <summary>Runs a command line the way a reader would paste it into a shell.</summary>
public static class Shell
{
    public static async Task RunAsync(string commandLine, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", ["-c", commandLine])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"`{commandLine}` exited with {process.ExitCode}: {await stderr}");
    }
}
