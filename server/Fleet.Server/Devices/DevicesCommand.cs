using System.Globalization;
using Fleet.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Server.Devices;

/// <summary>
/// The <c>devices</c> command-line verb, for factories and operators, run without starting the web
/// host: <c>devices provision BX-0001 BX-0002 --out secrets.csv</c> issues (or rotates) secrets and
/// writes them as CSV (box_id,secret; standard output without --out); <c>devices revoke BX-0001</c>
/// revokes. Settings come as for the server (appsettings.json, environment, --Storage:DataDirectory=…).
/// </summary>
public static class DevicesCommand
{
    public const string Verb = "devices";

    /// <summary>True when the arguments ask for this verb rather than for the server.</summary>
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == Verb;

    /// <summary>Runs the verb and returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var boxIds = new List<string>();
        var settings = new List<string>();
        string? outPath = null;
        for (var i = 2; i < args.Length; i++)
        {
            if (args[i] == "--out" && i + 1 < args.Length)
            {
                outPath = args[++i];
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                settings.Add(args[i]);
            }
            else
            {
                boxIds.Add(args[i]);
            }
        }

        var action = args.Length > 1 ? args[1] : "";
        if (action is not ("provision" or "revoke") || boxIds.Count == 0)
        {
            error.WriteLine("usage: devices provision BOX-ID… [--out secrets.csv] | devices revoke BOX-ID…  [--Storage:DataDirectory=DIR]");
            return 2;
        }

        var invalid = boxIds.Find(id => !Fleet.Firmware.Protocol.BoxIdentity.IsValid(id));
        if (invalid is not null)
        {
            error.WriteLine($"'{invalid}' is not a valid box id: 1 to 32 characters of A-Z, a-z, 0-9, '-' and '_'.");
            return 2;
        }

        var credentials = OpenCredentials(settings);
        return action == "provision" ? Provision(credentials, boxIds, outPath, output) : Revoke(credentials, boxIds, output, error);
    }

    private static int Provision(DeviceCredentials credentials, List<string> boxIds, string? outPath, TextWriter output)
    {
        var csv = new StringWriter(CultureInfo.InvariantCulture);
        csv.WriteLine("box_id,secret");
        foreach (var boxId in boxIds)
        {
            csv.WriteLine($"{boxId},{credentials.Issue(boxId).Secret}");
        }

        if (outPath is null)
        {
            output.Write(csv.ToString());
            return 0;
        }

        // The file holds live secrets: readable by its owner only, created before anything is written to it.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new StreamWriter(outPath, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options))
        {
            file.Write(csv.ToString());
        }

        output.WriteLine($"{boxIds.Count} secret(s) written to {outPath}; hand them to the boxes and delete the file.");
        return 0;
    }

    private static int Revoke(DeviceCredentials credentials, List<string> boxIds, TextWriter output, TextWriter error)
    {
        var exit = 0;
        foreach (var boxId in boxIds)
        {
            if (credentials.Revoke(boxId))
            {
                output.WriteLine($"{boxId}: revoked");
            }
            else
            {
                error.WriteLine($"{boxId}: no working secret to revoke");
                exit = 1;
            }
        }

        return exit;
    }

    private static DeviceCredentials OpenCredentials(List<string> settings)
    {
        var contentRoot = Directory.GetCurrentDirectory();
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(contentRoot, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. settings])
            .Build();
        var storage = new StorageOptions();
        configuration.GetSection(StorageOptions.Section).Bind(storage);
        var database = new FleetDatabase(storage, contentRoot);
        return new DeviceCredentials(new DeviceCredentialStore(database), TimeProvider.System, NullLogger<DeviceCredentials>.Instance);
    }
}
