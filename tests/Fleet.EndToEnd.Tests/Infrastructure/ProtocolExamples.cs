using System.Text.RegularExpressions;

namespace Fleet.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The mosquitto_pub commands printed in docs/protocol.md, so the tests send exactly what a
/// reader would copy from the page.
/// </summary>
public static partial class ProtocolExamples
{
    public static IReadOnlyList<string> MosquittoPubCommands()
    {
        var markdown = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "protocol.md"));
        return ShellBlock().Matches(markdown)
            .Select(m => m.Groups["body"].Value.Replace("\\\n", " ", StringComparison.Ordinal).Trim())
            .Where(command => command.StartsWith("mosquitto_pub ", StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>The box the page's examples publish as; they read its secret from $BOX_SECRET.</summary>
    public const string ExampleBox = "BX-9001";

    /// <summary>The command for a topic kind (telemetry, events, status), pointed at another port.</summary>
    public static string For(string topicKind, int port) =>
        MosquittoPubCommands().First(c => c.Contains("/" + topicKind + " ", StringComparison.Ordinal))
            .Replace("-p 1883", "-p " + port, StringComparison.Ordinal);

    public static string RepositoryRoot()
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

    [GeneratedRegex("```sh\\n(?<body>.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
