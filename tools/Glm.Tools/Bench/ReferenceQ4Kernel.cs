using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Runtime.Intrinsics;
using Glm.Inference.Engine;

namespace Glm.Tools.Bench;

/// <summary>
/// A 4-bit matrix-vector product written here, as a yardstick for the memory-bandwidth target: how much of the probe's
/// bandwidth one core can turn into Q4_0 × Q8_0 dot products when nothing but the kernel is in the way. It uses only
/// AVX2 (no VNNI), the instruction set of the llama.cpp CPU build LLamaSharp ships, so a gap between it and llama.cpp
/// is in llama.cpp's kernels, not in what the CPU can do.
/// </summary>
/// <remarks>
/// Layout (llama.cpp repacks Q4_0 into interleaved rows too): groups of 8 rows × 32 columns, each 32 bytes of float
/// scales (one per row) and 128 bytes of nibbles — for each of 4 chunks, 4 bytes of every row. One AVX2 lane then holds
/// one row, and each chunk multiplies by one broadcast 4-byte slice of the activations. Nibble j of a row's block is
/// weight j (low half) or weight j + 16 (high half), as in Q4_0; weights are the nibble minus 8.
/// </remarks>
internal sealed unsafe class ReferenceQ4Kernel : IDisposable
{
    public const int Columns = 4096;
    private const int RowsPerGroup = 8;
    private const int BlockWeights = 32;
    private const int BlocksPerRow = Columns / BlockWeights;
    private const int GroupBytes = (RowsPerGroup * sizeof(float)) + (RowsPerGroup * BlockWeights / 2);

    private readonly byte* matrix;
    private readonly sbyte* activations;
    private readonly float[] activationScales = new float[BlocksPerRow];
    private readonly int[] activationSums = new int[BlocksPerRow];
    private readonly int? cpu;

    /// <param name="bytes">Matrix size; rounded down to whole groups of 8 rows.</param>
    /// <param name="cpu">The CPU the product runs on (see <see cref="BenchContext.MeasureCpu"/>).</param>
    public ReferenceQ4Kernel(long bytes, int? cpu, int seed = 1)
    {
        Rows = checked((int)(bytes / ((long)BlocksPerRow * GroupBytes) * RowsPerGroup));
        ArgumentOutOfRangeException.ThrowIfLessThan(Rows, RowsPerGroup, nameof(bytes));
        this.cpu = cpu;
        MatrixBytes = (long)Rows / RowsPerGroup * BlocksPerRow * GroupBytes;
        matrix = (byte*)NativeMemory.AlignedAlloc((nuint)MatrixBytes, 64);
        activations = (sbyte*)NativeMemory.AlignedAlloc(Columns, 64);
        var random = new Random(seed);
        // Writing every byte also makes every page resident, so no product measures page faults.
        random.NextBytes(new Span<byte>(matrix, (int)Math.Min(MatrixBytes, int.MaxValue)));
        for (var offset = (long)int.MaxValue; offset < MatrixBytes; offset += int.MaxValue)
        {
            random.NextBytes(new Span<byte>(matrix + offset, (int)Math.Min(MatrixBytes - offset, int.MaxValue)));
        }

        for (long group = 0; group < MatrixBytes / GroupBytes; group++)
        {
            var scales = (float*)(matrix + (group * GroupBytes));
            for (var row = 0; row < RowsPerGroup; row++)
            {
                scales[row] = (float)(random.NextDouble() * 0.002);
            }
        }

        for (var block = 0; block < BlocksPerRow; block++)
        {
            activationScales[block] = (float)(random.NextDouble() * 0.02);
            var sum = 0;
            for (var j = 0; j < BlockWeights; j++)
            {
                var value = (sbyte)random.Next(-127, 128);
                activations[(block * BlockWeights) + j] = value;
                sum += value;
            }

            activationSums[block] = sum;
        }
    }

    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    public int Rows { get; }

    public long MatrixBytes { get; }

    /// <summary>Runs the product <paramref name="passes"/> times and returns the best rate in matrix bytes per second.</summary>
    public double MeasureBytesPerSecond(int passes)
    {
        var output = new float[Rows];
        return ThreadAffinity.RunOn(cpu, () =>
        {
            var best = TimeSpan.MaxValue;
            for (var pass = 0; pass < passes; pass++)
            {
                var clock = Stopwatch.StartNew();
                Multiply(output);
                best = clock.Elapsed < best ? clock.Elapsed : best;
            }

            return MatrixBytes / best.TotalSeconds;
        });
    }

    /// <summary>output[row] = Σ over blocks of scale(row, block) × activation scale(block) × Σ (nibble − 8) × activation.</summary>
    public void Multiply(Span<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(output.Length, Rows, nameof(output));
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("The reference kernel needs AVX2 and FMA.");
        }

        var lowNibbles = Vector256.Create((byte)0x0F);
        var ones = Vector256.Create((short)1);
        fixed (float* result = output)
        fixed (float* activationScale = activationScales)
        fixed (int* activationSum = activationSums)
        {
            var group = matrix;
            for (var row = 0; row < Rows; row += RowsPerGroup)
            {
                var accumulator = Vector256<float>.Zero;
                for (var block = 0; block < BlocksPerRow; block++)
                {
                    var nibbles = group + (RowsPerGroup * sizeof(float));
                    var input = activations + (block * BlockWeights);
                    // Four independent sums, so the multiply-adds do not wait on each other.
                    var chunk0 = Chunk(Avx.LoadAlignedVector256(nibbles), input, 0, lowNibbles, ones);
                    var chunk1 = Chunk(Avx.LoadAlignedVector256(nibbles + 32), input, 1, lowNibbles, ones);
                    var chunk2 = Chunk(Avx.LoadAlignedVector256(nibbles + 64), input, 2, lowNibbles, ones);
                    var chunk3 = Chunk(Avx.LoadAlignedVector256(nibbles + 96), input, 3, lowNibbles, ones);
                    // Σ (q − 8) a = Σ q a − 8 Σ a.
                    var dot = chunk0 + chunk1 + (chunk2 + chunk3) - Vector256.Create(8 * activationSum[block]);
                    var scales = Avx.LoadAlignedVector256((float*)group) * Vector256.Create(activationScale[block]);
                    accumulator = Fma.MultiplyAdd(Avx.ConvertToVector256Single(dot), scales, accumulator);
                    group += GroupBytes;
                }

                Avx.Store(result + row, accumulator);
            }
        }
    }

    /// <summary>The same product computed one weight at a time, for the tests.</summary>
    public float ScalarRow(int row)
    {
        var groupIndex = row / RowsPerGroup;
        var lane = row % RowsPerGroup;
        var total = 0f;
        for (var block = 0; block < BlocksPerRow; block++)
        {
            var group = matrix + ((((long)groupIndex * BlocksPerRow) + block) * GroupBytes);
            var scale = ((float*)group)[lane];
            var dot = 0;
            for (var chunk = 0; chunk < 4; chunk++)
            {
                for (var b = 0; b < 4; b++)
                {
                    var packed = group[(RowsPerGroup * sizeof(float)) + (chunk * 32) + (lane * 4) + b];
                    var j = (chunk * 4) + b;
                    dot += ((packed & 0x0F) - 8) * activations[(block * BlockWeights) + j];
                    dot += ((packed >> 4) - 8) * activations[(block * BlockWeights) + j + 16];
                }
            }

            total += dot * scale * activationScales[block];
        }

        return total;
    }

    public void Dispose()
    {
        NativeMemory.AlignedFree(matrix);
        NativeMemory.AlignedFree(activations);
    }

    /// <summary>
    /// One 4-byte column slice of 8 rows against the matching activations: low nibbles hold weights 4c..4c+3, high
    /// nibbles weights 16+4c..16+4c+3. maddubs + madd is AVX2's u8 × s8 dot product (VNNI would fuse it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Chunk(Vector256<byte> packed, sbyte* input, int chunk, Vector256<byte> lowNibbles, Vector256<short> ones)
    {
        var low = packed & lowNibbles;
        var high = Avx2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte() & lowNibbles;
        var pairs = Avx2.MultiplyAddAdjacent(low, Vector256.Create(*(int*)(input + (4 * chunk))).AsSByte());
        // Nibbles ≤ 15 times |a| ≤ 127, two pairs per short: at most 3,810 each, so the saturating add never saturates.
        pairs = Avx2.AddSaturate(pairs, Avx2.MultiplyAddAdjacent(high, Vector256.Create(*(int*)(input + 16 + (4 * chunk))).AsSByte()));
        return Avx2.MultiplyAddAdjacent(pairs, ones);
    }
}
