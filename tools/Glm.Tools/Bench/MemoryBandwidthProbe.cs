using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using Glm.Inference.Engine;

namespace Glm.Tools.Bench;

/// <summary>
/// Measures how fast this machine reads memory with a given number of threads: each thread sums its own slice of a
/// buffer far larger than any cache with wide vector loads. Callers keep the fastest of several passes: slower passes
/// show other processes' interference, not the hardware's limit.
/// </summary>
internal sealed class MemoryBandwidthProbe
{
    private const ulong Pattern = 0x0101010101010101UL;
    private readonly ulong[] words;
    private readonly int threads;
    private readonly int wordsPerThread;
    private readonly int? cpu;

    /// <param name="cpu">With one thread, the CPU it reads on (the engine's, see <see cref="BenchContext.MeasureCpu"/>).</param>
    public MemoryBandwidthProbe(long bytes, int threads, int? cpu = null)
    {
        this.cpu = threads == 1 ? cpu : null;
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        // Every thread reads a whole number of groups of four vectors (the unrolled loop's step).
        var group = Vector<ulong>.Count * 4;
        wordsPerThread = checked((int)(bytes / sizeof(ulong) / threads / group * group));
        this.threads = threads;
        words = GC.AllocateUninitializedArray<ulong>(wordsPerThread * threads, pinned: true);
        // Writing every page makes it resident now, so no pass measures page faults.
        words.AsSpan().Fill(Pattern);
    }

    public long BufferBytes => (long)words.Length * sizeof(ulong);

    /// <summary>Reads the whole buffer once with all threads; returns bytes per second.</summary>
    public double MeasureOnePass()
    {
        using var start = new Barrier(threads + 1);
        var sums = new ulong[threads];
        var workers = Enumerable.Range(0, threads).Select(index => new Thread(() =>
        {
            if (this.cpu is { } pinned)
            {
                ThreadAffinity.PinCurrentThread(pinned);
            }

            start.SignalAndWait();
            sums[index] = Sum(words.AsSpan(index * wordsPerThread, wordsPerThread));
        })
        { IsBackground = true, Name = $"bandwidth-probe-{index}" }).ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        foreach (var worker in workers)
        {
            worker.Join();
        }

        var elapsed = clock.Elapsed;
        // The sums are checked so the JIT cannot drop the loads, and a wrong read would not pass as a fast one.
        var total = sums.Aggregate(0UL, (a, b) => unchecked(a + b));
        if (total != unchecked((ulong)words.Length * Pattern))
        {
            throw new InvalidOperationException("The bandwidth probe read unexpected values.");
        }

        return BufferBytes / elapsed.TotalSeconds;
    }

    /// <summary>
    /// Sums the slice as four streams read in lockstep: one sequential stream leaves a core's memory parallelism
    /// unused and measured about half of what llama.cpp's matrix-vector products read per second on this machine.
    /// </summary>
    private static ulong Sum(ReadOnlySpan<ulong> slice)
    {
        var vectors = MemoryMarshal.Cast<ulong, Vector<ulong>>(slice);
        var quarter = vectors.Length / 4;
        var s0 = vectors[..quarter];
        var s1 = vectors.Slice(quarter, quarter);
        var s2 = vectors.Slice(quarter * 2, quarter);
        var s3 = vectors.Slice(quarter * 3, quarter);
        Vector<ulong> a = default, b = default, c = default, d = default;
        for (var i = 0; i < quarter; i++)
        {
            a += s0[i];
            b += s1[i];
            c += s2[i];
            d += s3[i];
        }

        return Vector.Sum(a + b + c + d);
    }
}
