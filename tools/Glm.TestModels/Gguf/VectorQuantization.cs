using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Glm.Inference.Gguf;

namespace Glm.TestModels.Gguf;

/// <summary>
/// Q8_0 and Q4_0 quantization with 256-bit vectors, producing the same bytes as the scalar ggml
/// transcriptions in <see cref="GgmlQuantization"/> (tests compare both on random and tie-heavy data).
/// A 32-element block is exactly four Vector256&lt;float&gt;; writing multi-gigabyte test models
/// spends most of its time here, hence the extra code.
/// </summary>
internal static class VectorQuantization
{
    private const int BlockSize = GgmlQuantization.QuantBlockSize;

    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    public static void QuantizeQ8_0(ReadOnlySpan<float> source, Span<byte> destination)
    {
        const int blockBytes = 2 + BlockSize;
        var blocks = source.Length / BlockSize;
        ref var x = ref MemoryMarshal.GetReference(source);
        for (var b = 0; b < blocks; b++)
        {
            var offset = (nuint)(b * BlockSize);
            var v0 = Vector256.LoadUnsafe(ref x, offset);
            var v1 = Vector256.LoadUnsafe(ref x, offset + 8);
            var v2 = Vector256.LoadUnsafe(ref x, offset + 16);
            var v3 = Vector256.LoadUnsafe(ref x, offset + 24);
            var amax = HorizontalMax(Vector256.Max(
                Vector256.Max(Vector256.Abs(v0), Vector256.Abs(v1)),
                Vector256.Max(Vector256.Abs(v2), Vector256.Abs(v3))));

            var d = amax / 127f;
            var id = d != 0f ? 1f / d : 0f;
            var y = destination.Slice(b * blockBytes, blockBytes);
            BinaryPrimitives.WriteHalfLittleEndian(y, (Half)d);

            var scale = Vector256.Create(id);
            var q01 = Vector256.Narrow(RoundHalfAwayFromZero(v0 * scale), RoundHalfAwayFromZero(v1 * scale));
            var q23 = Vector256.Narrow(RoundHalfAwayFromZero(v2 * scale), RoundHalfAwayFromZero(v3 * scale));
            Vector256.Narrow(q01, q23).AsByte().StoreUnsafe(ref MemoryMarshal.GetReference(y), 2);
        }
    }

    public static void QuantizeQ4_0(ReadOnlySpan<float> source, Span<byte> destination)
    {
        const int blockBytes = 2 + (BlockSize / 2);
        var blocks = source.Length / BlockSize;
        ref var x = ref MemoryMarshal.GetReference(source);
        var half = Vector256.Create(8.5f);
        var fifteen = Vector256.Create(15);
        for (var b = 0; b < blocks; b++)
        {
            var offset = (nuint)(b * BlockSize);
            var v0 = Vector256.LoadUnsafe(ref x, offset);
            var v1 = Vector256.LoadUnsafe(ref x, offset + 8);
            var v2 = Vector256.LoadUnsafe(ref x, offset + 16);
            var v3 = Vector256.LoadUnsafe(ref x, offset + 24);
            var amax = HorizontalMax(Vector256.Max(
                Vector256.Max(Vector256.Abs(v0), Vector256.Abs(v1)),
                Vector256.Max(Vector256.Abs(v2), Vector256.Abs(v3))));

            // ggml keeps the first value whose magnitude is the maximum (it compares with a strict <):
            // find it from the lane masks of |v| == amax, lowest set bit first.
            var max = 0f;
            if (amax > 0f)
            {
                var target = Vector256.Create(amax);
                var mask = Vector256.Equals(Vector256.Abs(v0), target).ExtractMostSignificantBits()
                    | (Vector256.Equals(Vector256.Abs(v1), target).ExtractMostSignificantBits() << 8)
                    | (Vector256.Equals(Vector256.Abs(v2), target).ExtractMostSignificantBits() << 16)
                    | (Vector256.Equals(Vector256.Abs(v3), target).ExtractMostSignificantBits() << 24);
                // A NaN in the block leaves no lane equal to amax; keep max = 0 rather than read past the block.
                if (mask != 0)
                {
                    max = Unsafe.Add(ref x, (nint)offset + System.Numerics.BitOperations.TrailingZeroCount(mask));
                }
            }

            var d = max / -8f;
            var id = d != 0f ? 1f / d : 0f;
            var y = destination.Slice(b * blockBytes, blockBytes);
            BinaryPrimitives.WriteHalfLittleEndian(y, (Half)d);

            // (int8_t)(x * id + 8.5f) truncates toward zero, as ConvertToInt32 does; then MIN(15, ...).
            var scale = Vector256.Create(id);
            var q0 = Vector256.Min(Vector256.ConvertToInt32((v0 * scale) + half), fifteen);
            var q1 = Vector256.Min(Vector256.ConvertToInt32((v1 * scale) + half), fifteen);
            var q2 = Vector256.Min(Vector256.ConvertToInt32((v2 * scale) + half), fifteen);
            var q3 = Vector256.Min(Vector256.ConvertToInt32((v3 * scale) + half), fifteen);
            var low = Vector256.Narrow(q0, q1).AsUInt16();
            var high = Vector256.Narrow(q2, q3).AsUInt16();
            var packed = low | Vector256.ShiftLeft(high, 4);
            Vector256.Narrow(packed, packed).GetLower().StoreUnsafe(ref MemoryMarshal.GetReference(y), 2);
        }
    }

    /// <summary>
    /// roundf semantics (ties away from zero), exactly: the fraction q - trunc(q) is exact in float,
    /// so comparing its magnitude with 0.5 decides the direction without the error of q + 0.5.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> RoundHalfAwayFromZero(Vector256<float> q)
    {
        var truncated = Vector256.Truncate(q);
        var fraction = q - truncated;
        var up = Vector256.GreaterThanOrEqual(Vector256.Abs(fraction), Vector256.Create(0.5f));
        var step = Vector256.ConditionalSelect(Vector256.LessThan(q, Vector256<float>.Zero), Vector256.Create(-1f), Vector256.Create(1f));
        return Vector256.ConvertToInt32(truncated + (step & up));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HorizontalMax(Vector256<float> v)
    {
        var m = Vector128.Max(v.GetLower(), v.GetUpper());
        var a = MathF.Max(m.GetElement(0), m.GetElement(1));
        var c = MathF.Max(m.GetElement(2), m.GetElement(3));
        return MathF.Max(a, c);
    }
}
