using Glm.Inference.Gguf;
using Glm.TestModels.Gguf;

namespace Glm.Inference.Tests.Gguf;

/// <summary>
/// Exact bytes hand-computed from ggml's quantize_row_q8_0_ref / quantize_row_q4_0_ref. Values are
/// chosen so the scale is a power of two and every step is exact in float32, so the expected bytes
/// follow from the C code alone (ties, truncation and clamping included).
/// </summary>
public class GgmlQuantizationTests
{
    [Fact]
    public void Q8_0_rounds_half_away_from_zero_with_scale_amax_over_127()
    {
        var values = new float[64];
        values[0] = -127f;
        values[1] = 0.5f;
        values[2] = 1.5f;
        values[3] = -2.5f;
        values[4] = 126.6f;
        values[5] = -0.4f;

        var encoded = new byte[68];
        GgmlQuantization.QuantizeQ8_0(values, encoded);

        // Block 1: d = 127/127 = 1.0 (fp16 0x3C00); block 2 is all zero, so d = 0 and every quant is 0.
        var expected = new byte[68];
        new byte[] { 0x00, 0x3C, 0x81, 0x01, 0x02, 0xFD, 0x7F, 0x00 }.CopyTo(expected, 0);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(encoded));
    }

    [Fact]
    public void Q4_0_uses_the_signed_largest_magnitude_and_packs_element_j_and_j_plus_16_in_one_byte()
    {
        var values = new float[64];
        values[0] = -8f;
        values[1] = 7f;
        values[2] = 7.9f;
        values[4] = -0.6f;
        values[5] = 0.5f;
        values[6] = -0.5f;
        values[16] = 1f;
        values[17] = -1f;
        values[31] = 2.2f;
        // Block 2: 4 and -4 tie in magnitude; ggml keeps the first, so d = 4 / -8 = -0.5.
        values[32] = 4f;
        values[33] = -4f;
        values[34] = 2f;
        values[35] = -2f;
        for (var i = 36; i < 64; i++)
        {
            values[i] = 1f;
        }

        var encoded = new byte[36];
        GgmlQuantization.QuantizeQ4_0(values, encoded);

        const string block1 = "003C" + "907F8F88878988" + "8888888888888888" + "A8";
        const string block2 = "00B8" + "606F646C" + "666666666666666666666666";
        Assert.Equal(block1 + block2, Convert.ToHexString(encoded));
    }

    [Fact]
    public void F16_rounds_to_nearest_even()
    {
        // 1 + 2^-11 lies exactly between two halves and rounds to the even one (1.0); 1 + 3*2^-11 rounds up.
        var encoded = new byte[6];
        GgmlQuantization.ToF16([1f + MathF.Pow(2, -11), 1f + (3 * MathF.Pow(2, -11)), -2f], encoded);
        Assert.Equal("003C023C00C0", Convert.ToHexString(encoded));
    }

    [Theory]
    [InlineData(GgmlType.Q8_0, 0.005f)]
    // Q4_0 clamps the far end of a block at 15, one full step (d = max/8) away from the value.
    [InlineData(GgmlType.Q4_0, 0.13f)]
    [InlineData(GgmlType.F16, 0.0005f)]
    public void Encode_then_decode_stays_within_the_quantization_error(GgmlType type, float tolerance)
    {
        var random = new Random(7);
        var values = new float[4096];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var encoded = new byte[GgmlTypeTraits.RowBytes(type, values.Length)];
        GgmlQuantization.Encode(type, values, encoded);
        var decoded = new float[values.Length];
        GgmlQuantization.Decode(type, encoded, decoded);

        var worst = 0f;
        for (var i = 0; i < values.Length; i++)
        {
            worst = MathF.Max(worst, MathF.Abs(values[i] - decoded[i]));
        }

        Assert.InRange(worst, 0f, tolerance);
    }

    [Theory]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q4_0)]
    public void The_vector_path_writes_the_same_bytes_as_the_scalar_ggml_transcription(GgmlType type)
    {
        // Half the blocks are random; the other half are multiples of 1/8 scaled to hit exact .5 ties,
        // equal magnitudes of both signs, zeros and the clamp at 15.
        var random = new Random(5);
        var values = new float[32 * 20_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (i / 32) % 2 == 0
                ? (float)((random.NextDouble() * 2) - 1) * (float)Math.Pow(10, random.Next(-3, 4))
                : random.Next(-16, 17) / 8f * (random.Next(3) == 0 ? 127f / 16f : 1f);
        }

        var scalar = new byte[GgmlTypeTraits.RowBytes(type, values.Length)];
        var fast = new byte[scalar.Length];
        if (type == GgmlType.Q8_0)
        {
            GgmlQuantization.QuantizeQ8_0Scalar(values, scalar);
        }
        else
        {
            GgmlQuantization.QuantizeQ4_0Scalar(values, scalar);
        }

        GgmlQuantization.Encode(type, values, fast);

        Assert.True(VectorQuantization.IsSupported, "this machine has AVX2, so the vector path must be the one tested");
        Assert.Equal(Convert.ToHexString(scalar), Convert.ToHexString(fast));
    }

    [Fact]
    public void Encode_refuses_a_partial_block()
    {
        var error = Assert.Throws<ArgumentException>(() => GgmlQuantization.Encode(GgmlType.Q4_0, new float[40], new byte[18]));
        Assert.Equal("A Q4_0 row must be a multiple of 32 elements, got 40. (Parameter 'rowLength')", error.Message);
    }
}
