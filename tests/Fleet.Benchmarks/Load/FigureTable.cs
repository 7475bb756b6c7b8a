namespace Fleet.Benchmarks.Load;

/// <summary>Prints a run's figures as a two-column Markdown table, ready to paste into docs/performance.md.</summary>
public static class FigureTable
{
    public static void Print(IReadOnlyCollection<(string Figure, string Value)> rows)
    {
        var width = rows.Max(row => row.Figure.Length);
        Console.WriteLine();
        Console.WriteLine($"| {"figure".PadRight(width)} | value |");
        Console.WriteLine($"|{new string('-', width + 2)}|-------|");
        foreach (var (figure, value) in rows)
        {
            Console.WriteLine($"| {figure.PadRight(width)} | {value} |");
        }
    }
}
