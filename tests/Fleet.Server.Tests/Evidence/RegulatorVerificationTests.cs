using System.IO.Compression;
using System.Text.RegularExpressions;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Evidence;

/// <summary>
/// A regulator checks a real bundle with exactly the commands docs/evidence.md prints, run by bash
/// with the real unzip, sha256sum, openssl, awk and sort: the untouched bundle passes; one changed
/// byte in any file, or another key, fails.
/// </summary>
public sealed partial class RegulatorVerificationTests(EvidenceScenario scenario) : IClassFixture<EvidenceScenario>, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fleet-regulator-").FullName;
    private byte[] _zip = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (_zip, _) = await scenario.BundleAsync($"/api/evidence/deliveries/{EvidenceScenario.OrderId}");
        await File.WriteAllTextAsync(Path.Combine(_folder, "fleet-evidence.pem"), await scenario.Server.Http.GetStringAsync(new Uri("/api/evidence/public-key", UriKind.Relative), Ct), Ct);
    }

    public ValueTask DisposeAsync()
    {
        FleetServer.TryDelete(_folder);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task TheUntouchedBundlePassesTheDocumentedCommands()
    {
        var (exit, output) = await VerifyAsync(_zip);

        Assert.True(exit == 0, output);
        Assert.Contains("Verified OK", output, StringComparison.Ordinal);
        Assert.Contains("report.pdf: OK", output, StringComparison.Ordinal);
        Assert.Contains("chain-heads.txt: OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARegulatorFetchesBundlesWithTheDocumentedCurlCommandsAndATokenAndTheyVerify()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "fetched")).FullName;
        File.Copy(Path.Combine(_folder, "fleet-evidence.pem"), Path.Combine(folder, "fleet-evidence.pem"));
        var script = DocumentedBlock("get-bundle")
            .Replace("ORD-1001", EvidenceScenario.OrderId, StringComparison.Ordinal)
            .Replace("/api/alerts/42/", $"/api/alerts/{scenario.Alert.Id}/", StringComparison.Ordinal);
        var environment = new Dictionary<string, string>
        {
            ["FLEET_URL"] = scenario.Server.HttpAddress.ToString().TrimEnd('/'),
            ["FLEET_TOKEN"] = await scenario.Server.TokenForAsync("sz-amr", Fleet.Server.Access.FleetClaims.RegulatorRole, null, "4403"),
        };

        var (fetched, fetchOutput) = await RegulatorTools.RunAsync(script, folder, environment);
        Assert.True(fetched == 0, fetchOutput);
        foreach (var zip in new[] { "bundle.zip", "report.zip" })
        {
            // Each checked in a folder of its own, as bundle.zip beside the key, as the documented check expects.
            var check = Directory.CreateDirectory(Path.Combine(folder, "check-" + Path.GetFileNameWithoutExtension(zip))).FullName;
            File.Copy(Path.Combine(folder, zip), Path.Combine(check, "bundle.zip"));
            File.Copy(Path.Combine(folder, "fleet-evidence.pem"), Path.Combine(check, "fleet-evidence.pem"));
            var (exit, output) = await RegulatorTools.RunAsync(DocumentedBlock("verify-bundle"), check);
            Assert.True(exit == 0, $"{zip}: {output}");
            Assert.Contains("Verified OK", output, StringComparison.Ordinal);
        }

        // Without the token the same commands fail (curl -f on 401).
        environment["FLEET_TOKEN"] = "not-a-token";
        Assert.NotEqual(0, (await RegulatorTools.RunAsync(script, folder, environment)).ExitCode);
    }

    [Fact]
    public async Task OneChangedByteInAnyFileFailsTheDocumentedCommands()
    {
        var names = EvidenceScenario.Unzip(_zip).Keys.ToList();
        Assert.Equal(14, names.Count);
        foreach (var name in names)
        {
            var (exit, output) = await VerifyAsync(ChangeOneByte(_zip, name));

            Assert.True(exit != 0, $"changing {name} went unnoticed: {output}");
        }
    }

    [Fact]
    public async Task AnotherKeyFailsTheSignatureCheck()
    {
        var (made, error) = await RegulatorTools.RunAsync("openssl ecparam -name prime256v1 -genkey -noout | openssl ec -pubout -out fleet-evidence.pem", _folder);
        Assert.True(made == 0, error);

        var (exit, output) = await VerifyAsync(_zip);

        Assert.NotEqual(0, exit);
        Assert.Contains("Verification failure", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheReportNamesTheDeliveryAsPdftotextReadsIt()
    {
        var text = await RegulatorTools.PdfTextAsync(EvidenceScenario.Unzip(_zip)["report.pdf"]);

        Assert.Contains(EvidenceScenario.OrderId, text, StringComparison.Ordinal);
        Assert.Contains(EvidenceScenario.Merchant, text, StringComparison.Ordinal);
        Assert.Contains("Hash chain: links", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChainLinkRecomputedWithTheDocumentedCommandsMatchesTheBundle()
    {
        var (unzipped, unzipOutput) = await RegulatorTools.RunAsync("unzip -q -o bundle.zip -d bundle", await WriteAsync(_zip));
        Assert.True(unzipped == 0, unzipOutput);
        var script = DocumentedBlock("recompute-link").Replace("box=BX-9001 link=1", $"box={EvidenceScenario.BoxId} link=2", StringComparison.Ordinal);

        var (exit, output) = await RegulatorTools.RunAsync(script, Path.Combine(_folder, "bundle"));

        Assert.True(exit == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Matches("^[0-9a-f]{64}$", lines[0]);
        Assert.Equal(lines[1], lines[0]);
        Assert.Equal(lines[3], lines[2]);
    }

    private async Task<(int ExitCode, string Output)> VerifyAsync(byte[] zip) =>
        await RegulatorTools.RunAsync(DocumentedBlock("verify-bundle"), await WriteAsync(zip));

    private async Task<string> WriteAsync(byte[] zip)
    {
        FleetServer.TryDelete(Path.Combine(_folder, "bundle"));
        await File.WriteAllBytesAsync(Path.Combine(_folder, "bundle.zip"), zip, Ct);
        return _folder;
    }

    /// <summary>The zip again, with one byte of one file changed (the zip itself stays well-formed).</summary>
    private static byte[] ChangeOneByte(byte[] zip, string name)
    {
        var files = EvidenceScenario.Unzip(zip);
        var content = files[name];
        content[content.Length / 2] ^= 0x01;
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (entryName, bytes) in files)
            {
                using var stream = archive.CreateEntry(entryName).Open();
                stream.Write(bytes);
            }
        }

        return output.ToArray();
    }

    /// <summary>The ```sh block that follows the marker comment in docs/evidence.md.</summary>
    private static string DocumentedBlock(string marker)
    {
        var markdown = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "evidence.md"));
        var match = Regex.Match(markdown, "<!-- " + Regex.Escape(marker) + "[^>]*-->\\n```sh\\n(?<body>.*?)\\n```", RegexOptions.Singleline);
        Assert.True(match.Success, $"docs/evidence.md has no block marked {marker}");
        return match.Groups["body"].Value;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (Fleet.sln) was not found.");
    }
}
