using System.Globalization;
using System.Runtime.InteropServices;

namespace Fleet.Benchmarks.Load;

/// <summary>What the figures were measured on.</summary>
public sealed record MachineInfo(int Cores, long MemoryBytes, string Cpu, string Os, string Runtime, string LoadAverage)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        MemInfoKilobytes("MemTotal:") * 1024,
        CpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        LoadAverageNow());

    public static string LoadAverageNow() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static long MemInfoKilobytes(string key)
    {
        if (!File.Exists("/proc/meminfo"))
        {
            return 0;
        }

        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static string CpuModel()
    {
        if (!File.Exists("/proc/cpuinfo"))
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }

        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
    }
}
