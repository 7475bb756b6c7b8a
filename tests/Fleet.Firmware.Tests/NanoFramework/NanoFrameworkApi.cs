namespace Fleet.Firmware.Tests.NanoFramework;

/// <summary>
/// The public API of nanoFramework's core libraries, read from the doc-ID lists in
/// shared/nanoframework-api (one member per line; see the README there).
/// </summary>
public sealed class NanoFrameworkApi
{
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _baseTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _optionalRequiredArgs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _buildTimeOnlyTypes = new(StringComparer.Ordinal);

    public static NanoFrameworkApi Load(string folder, params string[] files)
    {
        var api = new NanoFrameworkApi();
        foreach (var file in files)
        {
            foreach (var line in File.ReadLines(Path.Combine(folder, file)))
            {
                api.Read(line);
            }
        }

        return api;
    }

    private void Read(string line)
    {
        if (line.StartsWith("#optional ", StringComparison.Ordinal))
        {
            var parts = line["#optional ".Length..].Split(" required-args=");
            _optionalRequiredArgs[parts[0]] = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            return;
        }

        // Excluded attributes and enums are consumed at build time (enum values compile to
        // constants), so using them is fine; the other excluded types are not usable at run time.
        if (line.StartsWith("#excluded T:", StringComparison.Ordinal) &&
            (line.EndsWith(" enum", StringComparison.Ordinal) || line.Contains(" : System.Attribute", StringComparison.Ordinal)))
        {
            _buildTimeOnlyTypes.Add(line["#excluded T:".Length..].Split(' ')[0]);
            return;
        }

        if (line.Length == 0 || line[0] == '#')
        {
            return;
        }

        var id = line.Split(' ')[0];
        _members.Add(id);
        if (id.StartsWith("T:", StringComparison.Ordinal))
        {
            var colon = line.IndexOf(" : ", StringComparison.Ordinal);
            _baseTypes[id[2..]] = colon < 0 ? [] : line[(colon + 3)..].Split(',');
        }
    }

    public bool HasType(string typeName) => _members.Contains("T:" + typeName) || _buildTimeOnlyTypes.Contains(typeName);

    /// <summary>
    /// True when a member with this doc-ID exists on its type or on one of the types it derives
    /// from (desktop .NET and nanoFramework may declare a member at different levels), or when it
    /// binds to a listed member with optional parameters left out.
    /// </summary>
    public bool HasMember(string kind, string typeName, string memberSuffix)
    {
        var pending = new Queue<string>([typeName]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var type = pending.Dequeue();
            if (!seen.Add(type))
            {
                continue;
            }

            var id = kind + ":" + type + "." + memberSuffix;
            if (_members.Contains(id) || MatchesOptional(id))
            {
                return true;
            }

            foreach (var baseType in _baseTypes.GetValueOrDefault(type, []))
            {
                pending.Enqueue(baseType);
            }

            if (type != "System.Object")
            {
                pending.Enqueue("System.Object");
            }
        }

        return false;
    }

    private bool MatchesOptional(string id)
    {
        var open = id.IndexOf('(');
        var name = open < 0 ? id : id[..open];
        var args = open < 0 ? [] : id[(open + 1)..^1].Split(',');
        foreach (var (listed, required) in _optionalRequiredArgs)
        {
            var listedOpen = listed.IndexOf('(');
            if (listed[..listedOpen] != name)
            {
                continue;
            }

            var listedArgs = listed[(listedOpen + 1)..^1].Split(',');
            if (args.Length >= required && args.Length <= listedArgs.Length && args.SequenceEqual(listedArgs.Take(args.Length)))
            {
                return true;
            }
        }

        return false;
    }
}
