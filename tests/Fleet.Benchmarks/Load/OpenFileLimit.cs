using System.Runtime.InteropServices;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// The process's open-file limit (RLIMIT_NOFILE, Linux): each box is one socket in the harness and
/// one in the server, which inherits the harness's limit. The soft limit is raised as far as the hard
/// one allows; past that `ulimit -Hn` must be raised before the run.
/// </summary>
public static class OpenFileLimit
{
    private const int ResourceOpenFiles = 7;

    /// <summary>Raises the soft limit to at least <paramref name="wanted"/> (up to the hard limit) and returns it; -1 where unknown.</summary>
    public static long RaiseTo(long wanted)
    {
        if (!OperatingSystem.IsLinux() || GetLimit(ResourceOpenFiles, out var limit) != 0)
        {
            return -1;
        }

        if (limit.Current < wanted && limit.Maximum > limit.Current)
        {
            var raised = limit with { Current = Math.Min(wanted, limit.Maximum) };
            if (SetLimit(ResourceOpenFiles, in raised) == 0)
            {
                return raised.Current;
            }
        }

        return limit.Current;
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Limit(long Current, long Maximum);

#pragma warning disable SYSLIB1054 // Two calls at start-up: the runtime marshaller is fine, and LibraryImport would need unsafe code here.
    [DllImport("libc", EntryPoint = "getrlimit")]
    private static extern int GetLimit(int resource, out Limit limit);

    [DllImport("libc", EntryPoint = "setrlimit")]
    private static extern int SetLimit(int resource, in Limit limit);
#pragma warning restore SYSLIB1054
}
