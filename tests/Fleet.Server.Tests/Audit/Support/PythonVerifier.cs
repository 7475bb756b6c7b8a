using System.Diagnostics;

namespace Fleet.Server.Tests.Audit.Support;

/// <summary>Runs docs/verify-audit.py, the verifier a regulator can run without Fleet's code, with Debian's python3.</summary>
public static class PythonVerifier
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string databaseFile)
    {
        var script = FindScript();
        using var process = Process.Start(new ProcessStartInfo("python3", [script, databaseFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        var errors = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        return (process.ExitCode, output + errors);
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", "verify-audit.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/verify-audit.py was not found above the test's folder.");
    }
}
