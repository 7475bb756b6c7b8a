using System.Globalization;

namespace Fleet.Simulator.Cli;

/// <summary>
/// Reads the console program's arguments:
/// <c>--broker host:port --boxes N --speed X --interval S --seed N --prefix P --start ISO-8601
/// --fault BOX:kind@time[/duration] --secrets secrets.csv --tls-ca ca.crt</c> (kind: cooling, network, reboot, lid; times like 90s, 2m, 1h).
/// </summary>
public static class CommandLine
{
    /// <summary>The usage text.</summary>
    public const string Usage =
        "usage: Fleet.Simulator [--broker host:port] [--boxes N] [--speed X] [--interval SECONDS] [--seed N]\n" +
        "                       [--prefix BX-] [--start 2026-01-01T08:00:00Z] [--fault BOX:KIND@TIME[/DURATION]]...\n" +
        "                       [--secrets secrets.csv]  (box_id,secret lines, as `Fleet.Server devices provision --out` writes)\n" +
        "                       [--tls-ca ca.crt]  (MQTT over TLS, trusting this CA; point --broker at the TLS port)\n" +
        "  KIND: cooling | network | reboot | lid     TIME, DURATION: 90s, 2m, 1h (device time)\n" +
        "  e.g. --fault BX-0003:cooling@2m --fault BX-0001:network@5m/10m";

    /// <summary>Parses <paramref name="args"/>; throws <see cref="FormatException"/> naming the bad argument.</summary>
    public static SimulationOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SimulationOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value.");
            switch (name)
            {
                case "--broker":
                    (options.BrokerHost, options.BrokerPort) = ParseBroker(Value());
                    break;
                case "--boxes":
                    options.Boxes = ParseInt(name, Value());
                    break;
                case "--speed":
                    options.Speed = double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
                        ? s : throw new FormatException("--speed must be a positive number.");
                    break;
                case "--interval":
                    options.IntervalSeconds = ParseInt(name, Value());
                    break;
                case "--seed":
                    options.Seed = ParseInt(name, Value());
                    break;
                case "--prefix":
                    options.BoxIdPrefix = Value();
                    break;
                case "--start":
                    options.Start = DateTimeOffset.TryParse(Value(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
                        ? start : throw new FormatException("--start must be an ISO 8601 time.");
                    break;
                case "--fault":
                    options.Faults.Add(ParseFault(Value()));
                    break;
                case "--secrets":
                    options.SecretFor = SecretsCsv.Load(Value());
                    break;
                case "--tls-ca":
                    var caFile = Value();
                    options.TlsCaFile = File.Exists(caFile) ? caFile : throw new FormatException($"--tls-ca '{caFile}' is not an existing PEM file.");
                    break;
                default:
                    throw new FormatException($"Unknown argument '{name}'.");
            }
        }

        return options;
    }

    /// <summary>Parses <c>BOX:kind@time[/duration]</c>.</summary>
    public static ScheduledFault ParseFault(string text)
    {
        int colon = text.LastIndexOf(':');
        int at = text.IndexOf('@', StringComparison.Ordinal);
        if (colon <= 0 || at < colon)
        {
            throw new FormatException($"--fault '{text}' is not BOX:KIND@TIME[/DURATION].");
        }

        string boxId = text[..colon];
        string kind = text[(colon + 1)..at];
        string when = text[(at + 1)..];
        TimeSpan? duration = null;
        int slash = when.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            duration = ParseDuration(when[(slash + 1)..]);
            when = when[..slash];
        }

        var faultKind = kind.ToUpperInvariant() switch
        {
            "COOLING" => FaultKind.CoolingFailure,
            "NETWORK" => FaultKind.NetworkDrop,
            "REBOOT" => FaultKind.Reboot,
            "LID" => FaultKind.LidOpen,
            _ => throw new FormatException($"--fault kind '{kind}' is not cooling, network, reboot or lid."),
        };
        return new ScheduledFault(boxId, ParseDuration(when), faultKind, duration);
    }

    /// <summary>Parses 90s, 2m, 1.5h or a plain number of seconds.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new FormatException("A time is missing.");
        }

        char unit = text[^1];
        string number = char.IsLetter(unit) ? text[..^1] : text;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new FormatException($"'{text}' is not a time such as 90s, 2m or 1h.");
        }

        return char.ToLowerInvariant(unit) switch
        {
            'h' => TimeSpan.FromHours(value),
            'm' => TimeSpan.FromMinutes(value),
            's' or >= '0' and <= '9' => TimeSpan.FromSeconds(value),
            _ => throw new FormatException($"'{text}' has an unknown unit (s, m or h)."),
        };
    }

    private static (string Host, int Port) ParseBroker(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return (text, 1883);
        }

        return (text[..colon], int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port : throw new FormatException($"--broker '{text}' is not host:port."));
    }

    private static int ParseInt(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"{name} must be a whole number.");
}
