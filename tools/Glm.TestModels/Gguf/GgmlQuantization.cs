using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Glm.Inference.Gguf;

namespace Glm.TestModels.Gguf;

/// <summary>
/// Encodes float32 values into the ggml types the writer produces (F32, F16, Q8_0, Q4_0) exactly as
/// ggml's reference quantizers do (quantize_row_q8_0_ref, quantize_row_q4_0_ref in ggml-quants.c),
/// so a file we write holds the same bytes llama.cpp's own quantize tool would produce.
/// All methods work on spans block by block; callers split big inputs across threads on block boundaries.
/// </summary>
public static class GgmlQuantization
{
    /// <summary>Elements per Q8_0 / Q4_0 block.</summary>
    public const int QuantBlockSize = 32;

    /// <summary>Returns whether <see cref="Encode"/> can produce this type from float32 values.</summary>
    public static bool CanEncode(GgmlType type) =>
        type is GgmlType.F32 or GgmlType.F16 or GgmlType.Q8_0 or GgmlType.Q4_0;

    /// <summary>Encodes <paramref name="source"/> into <paramref name="destination"/>, which must be exactly the encoded size.</summary>
    public static void Encode(GgmlType type, ReadOnlySpan<float> source, Span<byte> destination)
    {
        var expected = GgmlTypeTraits.RowBytes(type, source.Length);
        if (destination.Length != expected)
        {
            throw new ArgumentException($"{source.Length} values encode to {expected} bytes of {type}, but the destination has {destination.Length}.", nameof(destination));
        }

        switch (type)
        {
            case GgmlType.F32:
                // GGUF is little endian, like every platform .NET runs this project on.
                MemoryMarshal.AsBytes(source).CopyTo(destination);
                break;
            case GgmlType.F16:
                ToF16(source, destination);
                break;
            case GgmlType.Q8_0:
                QuantizeQ8_0(source, destination);
                break;
            case GgmlType.Q4_0:
                QuantizeQ4_0(source, destination);
                break;
            default:
                throw new NotSupportedException($"Encoding float values as {type} is not supported (F32, F16, Q8_0 and Q4_0 are).");
        }
    }

    /// <summary>Converts to IEEE half precision, round to nearest even, as GGML_FP32_TO_FP16 does.</summary>
    public static void ToF16(ReadOnlySpan<float> source, Span<byte> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(destination.Slice(i * 2, 2), (Half)source[i]);
        }
    }

    /// <summary>
    /// Q8_0: per block of 32, d = amax / 127 stored as fp16, then qs[j] = roundf(x[j] / d) as int8
    /// (ggml multiplies by id = 1/d and rounds half away from zero).
    /// </summary>
    public static void QuantizeQ8_0(ReadOnlySpan<float> source, Span<byte> destination)
    {
        if (VectorQuantization.IsSupported)
        {
            VectorQuantization.QuantizeQ8_0(source, destination);
        }
        else
        {
            QuantizeQ8_0Scalar(source, destination);
        }
    }

    /// <summary>
    /// Q4_0: per block of 32, max = the value with the largest magnitude (first one on ties),
    /// d = max / -8 stored as fp16, q = min(15, (int)(x / d + 8.5)); byte j holds element j in its
    /// low nibble and element j + 16 in its high nibble.
    /// </summary>
    public static void QuantizeQ4_0(ReadOnlySpan<float> source, Span<byte> destination)
    {
        if (VectorQuantization.IsSupported)
        {
            VectorQuantization.QuantizeQ4_0(source, destination);
        }
        else
        {
            QuantizeQ4_0Scalar(source, destination);
        }
    }

    /// <summary>The scalar Q8_0 reference, a line-by-line transcription of ggml's C code.</summary>
    internal static void QuantizeQ8_0Scalar(ReadOnlySpan<float> source, Span<byte> destination)
    {
        const int blockBytes = 2 + QuantBlockSize;
        var blocks = source.Length / QuantBlockSize;
        for (var b = 0; b < blocks; b++)
        {
            var x = source.Slice(b * QuantBlockSize, QuantBlockSize);
            var y = destination.Slice(b * blockBytes, blockBytes);
            var amax = 0f;
            foreach (var v in x)
            {
                amax = MathF.Max(amax, MathF.Abs(v));
            }

            var d = amax / 127f;
            var id = d != 0f ? 1f / d : 0f;
            BinaryPrimitives.WriteHalfLittleEndian(y, (Half)d);
            for (var j = 0; j < QuantBlockSize; j++)
            {
                y[2 + j] = unchecked((byte)(sbyte)MathF.Round(x[j] * id, MidpointRounding.AwayFromZero));
            }
        }
    }

    /// <summary>The scalar Q4_0 reference, a line-by-line transcription of ggml's C code.</summary>
    internal static void QuantizeQ4_0Scalar(ReadOnlySpan<float> source, Span<byte> destination)
    {
        const int half = QuantBlockSize / 2;
        const int blockBytes = 2 + half;
        var blocks = source.Length / QuantBlockSize;
        for (var b = 0; b < blocks; b++)
        {
            var x = source.Slice(b * QuantBlockSize, QuantBlockSize);
            var y = destination.Slice(b * blockBytes, blockBytes);
            var amax = 0f;
            var max = 0f;
            foreach (var v in x)
            {
                if (amax < MathF.Abs(v))
                {
                    amax = MathF.Abs(v);
                    max = v;
                }
            }

            var d = max / -8f;
            var id = d != 0f ? 1f / d : 0f;
            BinaryPrimitives.WriteHalfLittleEndian(y, (Half)d);
            for (var j = 0; j < half; j++)
            {
                // The C code truncates toward zero through an int8_t cast; values stay within 0..16 here.
                var low = Math.Min(15, (int)(x[j] * id + 8.5f));
                var high = Math.Min(15, (int)(x[j + half] * id + 8.5f));
                y[2 + j] = (byte)(low | (high << 4));
            }
        }
    }

    /// <summary>Decodes F32, F16, Q8_0 or Q4_0 bytes back to floats (dequantize_row_* of ggml).</summary>
    public static void Decode(GgmlType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (GgmlTypeTraits.RowBytes(type, destination.Length) != source.Length)
        {
            throw new ArgumentException($"{source.Length} bytes of {type} do not decode to {destination.Length} values.", nameof(destination));
        }

        switch (type)
        {
            case GgmlType.F32:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
            case GgmlType.F16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source.Slice(i * 2, 2));
                }

                break;
            case GgmlType.Q8_0:
                for (var b = 0; b < destination.Length / QuantBlockSize; b++)
                {
                    var block = source.Slice(b * 34, 34);
                    var d = (float)BinaryPrimitives.ReadHalfLittleEndian(block);
                    for (var j = 0; j < QuantBlockSize; j++)
                    {
                        destination[b * QuantBlockSize + j] = (sbyte)block[2 + j] * d;
                    }
                }

                break;
            case GgmlType.Q4_0:
                for (var b = 0; b < destination.Length / QuantBlockSize; b++)
                {
                    var block = source.Slice(b * 18, 18);
                    var d = (float)BinaryPrimitives.ReadHalfLittleEndian(block);
                    for (var j = 0; j < QuantBlockSize / 2; j++)
                    {
                        destination[b * QuantBlockSize + j] = ((block[2 + j] & 0x0F) - 8) * d;
                        destination[b * QuantBlockSize + j + 16] = ((block[2 + j] >> 4) - 8) * d;
                    }
                }

                break;
            default:
                throw new NotSupportedException($"Decoding {type} is not supported (F32, F16, Q8_0 and Q4_0 are).");
        }
    }
}
