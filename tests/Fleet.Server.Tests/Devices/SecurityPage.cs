using System.Text.RegularExpressions;

namespace Fleet.Server.Tests.Devices;

/// <summary>The shell commands printed in docs/security.md, so tests run what a reader would copy.</summary>
internal static partial class SecurityPage
{
    /// <summary>Every command line of the page's sh blocks (continuations joined), in order.</summary>
    public static IReadOnlyList<string> Commands()
    {
        var markdown = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "security.md"));
        return ShellBlock().Matches(markdown)
            .SelectMany(m => m.Groups["body"].Value.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n'))
            .Select(line => Regex.Replace(line.Trim(), " {2,}", " "))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
    }

    /// <summary>The page's command that starts with <paramref name="start"/> and contains <paramref name="containing"/>.</summary>
    public static string Command(string start, string containing = "") =>
        Commands().First(c => c.StartsWith(start, StringComparison.Ordinal) && c.Contains(containing, StringComparison.Ordinal));

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
