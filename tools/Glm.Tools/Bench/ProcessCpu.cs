using System.Diagnostics;

namespace Glm.Tools.Bench;

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
    /// CPU time so far of the threads of this process named <paramref name="threadName"/> (Linux /proc; zero elsewhere),
    /// from the scheduler's nanosecond count (schedstat) rather than the 10 ms ticks of stat, so a single run of a
    /// fraction of a second is measured too.
    /// </summary>
    public static TimeSpan OfThreads(string threadName)
    {
        const string tasks = "/proc/self/task";
        if (!Directory.Exists(tasks))
        {
            return TimeSpan.Zero;
        }

        long nanoseconds = 0;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() != threadName)
                {
                    continue;
                }

                // The first field is the time spent on a CPU, in nanoseconds.
                var schedstat = File.ReadAllText(Path.Combine(task, "schedstat"));
                nanoseconds += long.Parse(schedstat.AsSpan(0, schedstat.IndexOf(' ')), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended while we looked; its time no longer counts for anyone.
            }
        }

        return TimeSpan.FromTicks(nanoseconds / 100);
    }

    private static TimeSpan Now()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
