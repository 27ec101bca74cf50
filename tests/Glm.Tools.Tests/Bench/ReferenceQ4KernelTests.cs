using Glm.Inference.Engine;
using Glm.Tools.Bench;
using Xunit;

namespace Glm.Tools.Tests.Bench;

/// <summary>The memory-bandwidth section's yardstick must compute the product it claims to, or its speed means nothing.</summary>
public sealed class ReferenceQ4KernelTests
{
    [Fact]
    public void The_vector_product_equals_the_product_computed_one_weight_at_a_time()
    {
        Assert.True(ReferenceQ4Kernel.IsSupported, "The CI machines have AVX2; the kernel's speed figure needs it.");
        using var kernel = new ReferenceQ4Kernel(1 << 20, cpu: null, seed: 7);
        var output = new float[kernel.Rows];

        kernel.Multiply(output);

        Assert.Equal(8 * ((1 << 20) / (128 * 160)), kernel.Rows);
        Assert.Equal((long)kernel.Rows / 8 * 128 * 160, kernel.MatrixBytes);
        for (var row = 0; row < kernel.Rows; row++)
        {
            var expected = kernel.ScalarRow(row);
            // Same integer dot products; the float sums differ only in order.
            Assert.True(Math.Abs(output[row] - expected) <= 1e-4f * Math.Max(1f, Math.Abs(expected)), $"row {row}: {output[row]} vs {expected}");
        }

        Assert.Contains(output, value => Math.Abs(value) > 1e-3f);
    }

    [Fact]
    public void A_pinned_measurement_gives_the_thread_its_cpus_back()
    {
        var before = ThreadAffinity.CurrentThreadCpus();
        using var kernel = new ReferenceQ4Kernel(1 << 20, cpu: before[^1]);

        Assert.True(kernel.MeasureBytesPerSecond(1) > 0);

        Assert.Equal(before, ThreadAffinity.CurrentThreadCpus());
    }

    [Fact]
    public void Pinning_restricts_the_thread_to_one_cpu_until_restored()
    {
        var before = ThreadAffinity.CurrentThreadCpus();
        IReadOnlyList<int>? pinned = null;
        IReadOnlyList<int>? restored = null;
        var thread = new Thread(() =>
        {
            var previous = ThreadAffinity.PinCurrentThread(before[0]);
            pinned = ThreadAffinity.CurrentThreadCpus();
            ThreadAffinity.Restore(previous);
            restored = ThreadAffinity.CurrentThreadCpus();
        });
        thread.Start();
        thread.Join();

        Assert.Equal([before[0]], pinned);
        Assert.Equal(before, restored);
    }
}
