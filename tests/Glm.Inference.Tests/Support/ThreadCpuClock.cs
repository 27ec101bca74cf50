using System.Diagnostics;
using System.Globalization;

namespace Glm.Inference.Tests.Support;

/// <summary>
/// Time the calling thread spent on a CPU, for tests that bound the cost of synchronous work. Wall-clock time also
/// counts the time the scheduler gave the CPU to someone else, which on a busy shared machine can be many times the
/// work itself; CPU time cannot grow that way. Read from /proc/thread-self/schedstat (nanoseconds); where that file does
/// not exist, it falls back to wall-clock time.
/// </summary>
internal sealed class ThreadCpuClock
{
    private const string SchedStat = "/proc/thread-self/schedstat";
    private readonly long startNanoseconds;
    private readonly Stopwatch? wall;

    private ThreadCpuClock()
    {
        if (File.Exists(SchedStat))
        {
            startNanoseconds = Read();
        }
        else
        {
            wall = Stopwatch.StartNew();
        }
    }

    public static ThreadCpuClock StartNew() => new();

    /// <summary>CPU time of this thread since <see cref="StartNew"/>; call it on the thread that started the clock.</summary>
    public TimeSpan Elapsed => wall?.Elapsed ?? TimeSpan.FromTicks((Read() - startNanoseconds) / 100);

    private static long Read()
    {
        var text = File.ReadAllText(SchedStat);
        return long.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
    }
}
