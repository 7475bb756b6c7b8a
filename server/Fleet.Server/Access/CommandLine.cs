namespace Fleet.Server.Access;

/// <summary>The access verbs' arguments: positional words, the verbs' own options, and configuration for the rest.</summary>
internal sealed class CommandLine
{
    private static readonly string[] Options = ["--role", "--platform", "--region", "--name", "--days"];

    private readonly List<(string Option, string Value)> _options = [];

    public List<string> Positional { get; } = [];

    public List<string> Configuration { get; } = [];

    public static CommandLine Parse(string[] args)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (Array.IndexOf(Options, arg) >= 0)
            {
                if (i + 1 >= args.Length)
                {
                    throw new CommandLineException($"{arg} needs a value");
                }

                line._options.Add((arg, args[++i]));
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                line.Configuration.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    line.Configuration.Add(args[++i]);
                }
            }
            else
            {
                line.Positional.Add(arg);
            }
        }

        return line;
    }

    public string? Value(string option) => _options.FindLast(o => o.Option == option).Value;

    public List<string> Values(string option) => _options.FindAll(o => o.Option == option).ConvertAll(o => o.Value);

    public string Argument(int index, string usage) =>
        index < Positional.Count ? Positional[index] : throw new CommandLineException("Usage: " + usage);
}

/// <summary>A command line that cannot be carried out; its message is for the person who typed it.</summary>
internal sealed class CommandLineException(string message) : Exception(message);
