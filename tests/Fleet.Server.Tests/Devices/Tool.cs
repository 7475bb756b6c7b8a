using System.Diagnostics;

namespace Fleet.Server.Tests.Devices;

/// <summary>Runs a command-line tool (openssl, mosquitto_pub, curl, the server's own verbs) to completion.</summary>
internal static class Tool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }

    /// <summary>Runs the tool and fails the test, with its output, unless it exits with 0.</summary>
    public static async Task<string> SucceedAsync(string fileName, params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(fileName, arguments).ConfigureAwait(false);
        Assert.True(exitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited with {exitCode}: {output}");
        return output;
    }
}
