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

    private static TimeSpan Now()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
