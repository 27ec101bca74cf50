using System.Diagnostics;

namespace Glm.Lsp.Bench;

/// <summary>
/// CPU time this process spends on a piece of work, all threads included. Unlike wall time it hardly changes when
/// other processes load the machine, so it shows the engine's extra work even on a busy machine.
/// </summary>
internal static class ProcessCpu
{
    public static (T Result, TimeSpan Cpu) Measure<T>(Func<T> work)
    {
        var before = Now();
        var result = work();
        return (result, Now() - before);
    }

    public static async Task<(T Result, TimeSpan Cpu)> MeasureAsync<T>(Func<Task<T>> work)
    {
        var before = Now();
        var result = await work();
        return (result, Now() - before);
    }

    /// <summary>
    /// CPU time so far of the threads of this process named <paramref name="threadName"/> (Linux /proc; zero elsewhere).
    /// The kernel counts it in clock ticks, usually 10 ms: good enough over runs of a second or more.
    /// </summary>
    public static TimeSpan OfThreads(string threadName)
    {
        const string tasks = "/proc/self/task";
        if (!Directory.Exists(tasks))
        {
            return TimeSpan.Zero;
        }

        long ticks = 0;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() != threadName)
                {
                    continue;
                }

                // Fields after the parenthesised name: state is field 3, utime 14 and stime 15 (1-based).
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended while we looked; its time no longer counts for anyone.
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private static TimeSpan Now()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
