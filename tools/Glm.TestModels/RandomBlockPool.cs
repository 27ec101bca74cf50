using System.Buffers.Binary;
using Glm.Inference.Gguf;

namespace Glm.TestModels;

/// <summary>
/// Random blocks for weight types this project cannot quantize (the K and I quants, BF16): every byte random except
/// the half-precision scales, which are set to a small finite value so the model's activations stay finite. Decode
/// speed depends on the block layout, not on the values.
/// </summary>
/// <remarks>Only the types a generated model was seen to decode with finite, differing logits are offered.</remarks>
internal static class RandomBlockPool
{
    private const float Scale = 0.0005f;

    /// <summary>Byte offsets of the half-precision scale fields inside one block of each type.</summary>
    public static int[] HalfScaleOffsets(GgmlType type) => type switch
    {
        GgmlType.Q4_K => [0, 2],
        GgmlType.Q5_0 or GgmlType.IQ4_NL or GgmlType.IQ4_XS => [0],
        GgmlType.Q6_K => [208],
        _ => throw new ArgumentException($"No random block layout for {type}.", nameof(type)),
    };

    public static bool Supports(GgmlType type) =>
        type is GgmlType.BF16 or GgmlType.Q4_K or GgmlType.Q5_0 or GgmlType.IQ4_NL or GgmlType.IQ4_XS or GgmlType.Q6_K;

    public static byte[] Create(GgmlType type, int blocks, float amplitude)
    {
        var random = new FastRandom(0xBADC0DE);
        var blockBytes = GgmlTypeTraits.BlockBytes(type);
        var pool = new byte[blockBytes * blocks];
        if (type == GgmlType.BF16)
        {
            var values = new float[pool.Length / 2];
            random.Fill(values, amplitude);
            for (var i = 0; i < values.Length; i++)
            {
                // BF16 is the upper half of an IEEE single.
                BinaryPrimitives.WriteUInt16LittleEndian(pool.AsSpan(i * 2), (ushort)(BitConverter.SingleToUInt32Bits(values[i]) >> 16));
            }

            return pool;
        }

        for (var i = 0; i < pool.Length; i++)
        {
            pool[i] = (byte)(random.Next() >> 56);
        }

        var offsets = HalfScaleOffsets(type);
        for (var block = 0; block < blocks; block++)
        {
            foreach (var offset in offsets)
            {
                BinaryPrimitives.WriteHalfLittleEndian(pool.AsSpan(block * blockBytes + offset), (Half)Scale);
            }
        }

        return pool;
    }
}
