using System.Runtime.InteropServices;

namespace Glm.Inference.Engine;

/// <summary>
/// Pins the calling thread to one CPU (Linux sched_setaffinity on thread id 0, the caller). The benchmark needs it: on
/// the 2-vCPU machines here one vCPU reads memory and decodes 12–15% slower than the other, so an engine and its
/// baseline compared on different vCPUs differ by where the scheduler put them, not by what the engine does.
/// </summary>
public static partial class ThreadAffinity
{
    private const int MaskWords = 16; // 1,024 CPUs, glibc's cpu_set_t.

    /// <summary>
    /// Restricts the calling thread to <paramref name="cpu"/> and returns its previous mask for <see cref="Restore"/>;
    /// null where affinity cannot be set (not Linux, or the CPU is not available to this process).
    /// </summary>
    public static ulong[]? PinCurrentThread(int cpu)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cpu);
        if (!OperatingSystem.IsLinux() || cpu >= MaskWords * 64)
        {
            return null;
        }

        var previous = new ulong[MaskWords];
        if (sched_getaffinity(0, MaskWords * sizeof(ulong), previous) != 0)
        {
            return null;
        }

        var mask = new ulong[MaskWords];
        mask[cpu / 64] = 1UL << (cpu % 64);
        return sched_setaffinity(0, MaskWords * sizeof(ulong), mask) == 0 ? previous : null;
    }

    /// <summary>Runs <paramref name="work"/> on <paramref name="cpu"/> (null: wherever the thread is), then gives the
    /// calling thread its previous CPUs back.</summary>
    public static T RunOn<T>(int? cpu, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var previous = cpu is { } pinned ? PinCurrentThread(pinned) : null;
        try
        {
            return work();
        }
        finally
        {
            Restore(previous);
        }
    }

    /// <summary>Gives the calling thread back the mask <see cref="PinCurrentThread"/> returned.</summary>
    public static void Restore(ulong[]? previous)
    {
        if (previous is not null && OperatingSystem.IsLinux())
        {
            _ = sched_setaffinity(0, MaskWords * sizeof(ulong), previous);
        }
    }

    /// <summary>
    /// Moves every thread of this process off <paramref name="cpu"/> (threads started later inherit their creator's
    /// mask, and so do child processes), leaving that CPU to threads pinned to it. False where that cannot be done,
    /// e.g. when it is the only CPU this process may use.
    /// </summary>
    public static bool KeepProcessOff(int cpu)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cpu);
        var others = CurrentThreadCpus().Where(c => c != cpu).ToArray();
        if (others.Length == 0 || !Directory.Exists("/proc/self/task"))
        {
            return false;
        }

        var mask = new ulong[MaskWords];
        foreach (var other in others)
        {
            mask[other / 64] |= 1UL << (other % 64);
        }

        var moved = true;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            // A thread that ended since the listing cannot be moved and does not need to be.
            if (int.TryParse(Path.GetFileName(task), out var threadId) && sched_setaffinity(threadId, MaskWords * sizeof(ulong), mask) != 0 && Directory.Exists(task))
            {
                moved = false;
            }
        }

        return moved;
    }

    /// <summary>The CPUs the calling thread may run on, lowest first (empty where that cannot be read).</summary>
    public static IReadOnlyList<int> CurrentThreadCpus()
    {
        var mask = new ulong[MaskWords];
        if (!OperatingSystem.IsLinux() || sched_getaffinity(0, MaskWords * sizeof(ulong), mask) != 0)
        {
            return [];
        }

        return [.. Enumerable.Range(0, MaskWords * 64).Where(cpu => (mask[cpu / 64] & (1UL << (cpu % 64))) != 0)];
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setaffinity(int pid, nuint size, ulong[] mask);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_getaffinity(int pid, nuint size, [Out] ulong[] mask);
}
