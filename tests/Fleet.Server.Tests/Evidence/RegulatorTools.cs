using System.Diagnostics;

namespace Fleet.Server.Tests.Evidence;

/// <summary>The real command-line tools a regulator uses: bash running documented commands, pdftotext.</summary>
internal static class RegulatorTools
{
    /// <summary>Runs a script with bash in a folder; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("bash", ["-e", "-o", "pipefail", "-c", script])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["LC_ALL"] = "C";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The PDF's text as Debian's pdftotext (poppler-utils) reads it.</summary>
    public static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var folder = Directory.CreateTempSubdirectory("fleet-pdf-").FullName;
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, "report.pdf"), pdf);
            var (exit, output) = await RunAsync("pdftotext report.pdf -", folder);
            Assert.True(exit == 0, output);
            return output;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
