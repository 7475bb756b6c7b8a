namespace Fleet.Simulator;

/// <summary>
/// Reads the boxes' MQTT secrets from a CSV of <c>box_id,secret</c> lines (a header line is
/// skipped), the file the server's <c>devices provision --out</c> verb writes.
/// </summary>
public static class SecretsCsv
{
    /// <summary>The secrets in <paramref name="path"/>, as a lookup by box id (null for a box not in the file).</summary>
    public static Func<string, string?> Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException ex)
        {
            throw new FormatException($"--secrets '{path}' cannot be read: {ex.Message}");
        }

        return Parse(lines);
    }

    /// <summary>The secrets in the given CSV lines.</summary>
    public static Func<string, string?> Parse(IEnumerable<string> lines)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith("box_id,", StringComparison.Ordinal))
            {
                continue;
            }

            var comma = text.IndexOf(',', StringComparison.Ordinal);
            if (comma <= 0 || comma == text.Length - 1)
            {
                throw new FormatException($"secrets line {number} is not box_id,secret.");
            }

            secrets[text[..comma]] = text[(comma + 1)..];
        }

        return boxId => secrets.GetValueOrDefault(boxId);
    }
}
