using System.Globalization;
using System.Text;
using Fleet.Server.Audit;
using Fleet.Server.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Access;

/// <summary>
/// The server's administrative verbs, run instead of the web host:
/// <code>
/// users add NAME --role admin|manager|regulator [--platform P] [--region PREFIX]...   (password from stdin)
/// users list
/// users disable NAME | users enable NAME | users password NAME                        (password from stdin)
/// tokens create USER --name WHAT [--days N]                                           (prints the secret once)
/// tokens list [USER]
/// tokens revoke ID
/// </code>
/// Any other <c>--Key=value</c> is configuration, as for the server (e.g. <c>--Storage:DataDirectory=/var/lib/fleet</c>).
/// Every change is recorded in the audit trail as done by <c>cli:</c> and the operating-system user.
/// </summary>
public static class AccessCommands
{
    private static readonly string[] Verbs = ["users", "tokens"];

    public static bool IsAccessCommand(string[] args) => args.Length > 0 && Array.IndexOf(Verbs, args[0]) >= 0;

    /// <summary>Runs one verb against the configured store; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var command = CommandLine.Parse(args);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. command.Configuration], ApplicationName = "Fleet.Server" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        builder.Services.AddSingleton(sp => new FleetDatabase(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddAccessCore();
        builder.Services.AddSingleton<AuditMetrics>();
        builder.Services.AddSingleton<AuditTrail>();
        using var host = builder.Build();
        var users = host.Services.GetRequiredService<UserAdministration>();
        var audit = host.Services.GetRequiredService<AuditTrail>();
        try
        {
            return (command.Positional.ElementAtOrDefault(0), command.Positional.ElementAtOrDefault(1)) switch
            {
                ("users", "add") => await AddUserAsync(users, audit, command, input, error).ConfigureAwait(false),
                ("users", "list") => await ListUsersAsync(users, output).ConfigureAwait(false),
                ("users", "disable") => await ChangeUserAsync(users, audit, command, error, user => user with { Disabled = true }, null).ConfigureAwait(false),
                ("users", "enable") => await ChangeUserAsync(users, audit, command, error, user => user with { Disabled = false }, null).ConfigureAwait(false),
                ("users", "password") => await ChangeUserAsync(users, audit, command, error, user => user, ReadPassword(input, error)).ConfigureAwait(false),
                ("tokens", "create") => await CreateTokenAsync(users, audit, command, output, error).ConfigureAwait(false),
                ("tokens", "list") => await ListTokensAsync(users, command, output).ConfigureAwait(false),
                ("tokens", "revoke") => await RevokeTokenAsync(users, audit, command, error).ConfigureAwait(false),
                _ => Usage(error),
            };
        }
        catch (CommandLineException exception)
        {
            await error.WriteLineAsync(exception.Message).ConfigureAwait(false);
            return 2;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    private static async Task<int> AddUserAsync(UserAdministration users, AuditTrail audit, CommandLine command, TextReader input, TextWriter error)
    {
        var name = command.Argument(2, "users add NAME");
        var password = ReadPassword(input, error);
        var regions = command.Values("--region");
        var outcome = await users.CreateUserAsync(new UserRequest(name, password, command.Value("--role"), command.Value("--platform"), regions.Count > 0 ? [.. regions] : null)).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            await error.WriteLineAsync("Refused: " + outcome.Error).ConfigureAwait(false);
            return 1;
        }

        await audit.RecordAsync(AccessAudit.UserChanged(AccessAudit.CommandLine, null, outcome.Value!, passwordSet: true)).ConfigureAwait(false);
        await error.WriteLineAsync($"Added {outcome.Value!.Role} {outcome.Value.Name}.").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> ListUsersAsync(UserAdministration users, TextWriter output)
    {
        foreach (var user in await users.ListUsersAsync().ConfigureAwait(false))
        {
            var scope = user.Platform ?? string.Join(',', user.Regions);
            await output.WriteLineAsync($"{user.Name}\t{user.Role}\t{scope}\t{(user.Disabled ? "disabled" : "enabled")}").ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task<int> ChangeUserAsync(UserAdministration users, AuditTrail audit, CommandLine command, TextWriter error, Func<FleetUser, FleetUser> change, string? password)
    {
        var name = command.Argument(2, "users disable|enable|password NAME");
        if (await users.FindUserAsync(name).ConfigureAwait(false) is not { } user)
        {
            await error.WriteLineAsync($"No user {name}.").ConfigureAwait(false);
            return 1;
        }

        var changed = change(user);
        var outcome = await users.UpdateUserAsync(new UserRequest(changed.Name, password, changed.Role, changed.Platform, [.. changed.Regions], changed.Disabled)).ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            await audit.RecordAsync(AccessAudit.UserChanged(AccessAudit.CommandLine, user, outcome.Value!, passwordSet: password is not null)).ConfigureAwait(false);
        }

        await error.WriteLineAsync(outcome.Succeeded ? $"Updated {name}." : "Refused: " + outcome.Error).ConfigureAwait(false);
        return outcome.Succeeded ? 0 : 1;
    }

    private static async Task<int> CreateTokenAsync(UserAdministration users, AuditTrail audit, CommandLine command, TextWriter output, TextWriter error)
    {
        var user = command.Argument(2, "tokens create USER --name WHAT");
        double? days = command.Value("--days") is { } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new CommandLineException("--days takes a number of days")
            : null;
        var outcome = await users.CreateTokenAsync(user, new TokenRequest(command.Value("--name"), days)).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            await error.WriteLineAsync("Refused: " + outcome.Error).ConfigureAwait(false);
            return 1;
        }

        var token = outcome.Value!.Token;
        await audit.RecordAsync(AccessAudit.TokenIssued(AccessAudit.CommandLine, token)).ConfigureAwait(false);
        await error.WriteLineAsync($"Token {token.Id} \"{token.Name}\" for {token.UserName}{(token.ExpiresAt is { } e ? $", expires {e:u}" : "")}. It is shown this once:").ConfigureAwait(false);
        await output.WriteLineAsync(outcome.Value.Secret).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> ListTokensAsync(UserAdministration users, CommandLine command, TextWriter output)
    {
        foreach (var t in await users.ListTokensAsync(command.Positional.ElementAtOrDefault(2)).ConfigureAwait(false))
        {
            var state = t.RevokedAt is not null ? "revoked" : t.ExpiresAt is { } e ? $"expires {e:u}" : "no expiry";
            await output.WriteLineAsync($"{t.Id}\t{t.UserName}\t{t.Name}\t{t.CreatedAt:u}\t{state}").ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task<int> RevokeTokenAsync(UserAdministration users, AuditTrail audit, CommandLine command, TextWriter error)
    {
        if (!long.TryParse(command.Argument(2, "tokens revoke ID"), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new CommandLineException("tokens revoke takes the token's number (see tokens list)");
        }

        var revoked = await users.RevokeTokenAsync(id).ConfigureAwait(false);
        if (revoked is not null)
        {
            await audit.RecordAsync(AccessAudit.TokenRevoked(AccessAudit.CommandLine, revoked)).ConfigureAwait(false);
        }

        await error.WriteLineAsync(revoked is null ? $"No token {id}." : $"Revoked token {id} of {revoked.UserName}.").ConfigureAwait(false);
        return revoked is null ? 1 : 0;
    }

    /// <summary>From a pipe: the first line. At a terminal: typed twice, not echoed.</summary>
    private static string ReadPassword(TextReader input, TextWriter error)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected)
        {
            return input.ReadLine() ?? throw new CommandLineException("No password on standard input.");
        }

        var first = Prompt("Password: ", error);
        if (Prompt("Again: ", error) != first)
        {
            throw new CommandLineException("The two passwords differ.");
        }

        return first;
    }

    private static string Prompt(string label, TextWriter error)
    {
        error.Write(label);
        var text = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        error.WriteLine();
        return text.ToString();
    }

    private static int Usage(TextWriter error)
    {
        error.WriteLine("""
            Usage: Fleet.Server users add NAME --role admin|manager|regulator [--platform P] [--region PREFIX]...
                   Fleet.Server users list | users disable NAME | users enable NAME | users password NAME
                   Fleet.Server tokens create USER --name WHAT [--days N] | tokens list [USER] | tokens revoke ID
            Passwords are read from standard input (or typed at the prompt). Add --Storage:DataDirectory=... as for the server.
            """);
        return 2;
    }
}
