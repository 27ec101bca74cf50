namespace Glm.Inference.Gguf;

/// <summary>
/// Block layout of every ggml type: how many elements one block holds and how many bytes it takes
/// (the blck_size and type_size columns of ggml.c's type_traits table). Tensor sizes in a GGUF file
/// follow from these, so the reader can check data extents without knowing how to decode them.
/// </summary>
public static class GgmlTypeTraits
{
    /// <summary>Returns whether the type number is one ggml (at the bundled llama.cpp version) knows.</summary>
    public static bool IsKnown(GgmlType type) => TryGetLayout(type, out _, out _);

    /// <summary>Elements per block (1 for plain types, 32 for the _0/_1 quants, 256 for K and I quants).</summary>
    public static int BlockSize(GgmlType type) =>
        TryGetLayout(type, out var blockSize, out _) ? blockSize : throw UnknownType(type);

    /// <summary>Bytes per block.</summary>
    public static int BlockBytes(GgmlType type) =>
        TryGetLayout(type, out _, out var blockBytes) ? blockBytes : throw UnknownType(type);

    /// <summary>Bytes of one row of <paramref name="rowLength"/> elements; the length must be a whole number of blocks.</summary>
    public static long RowBytes(GgmlType type, long rowLength)
    {
        var blockSize = BlockSize(type);
        if (rowLength % blockSize != 0)
        {
            throw new ArgumentException($"A {type} row must be a multiple of {blockSize} elements, got {rowLength}.", nameof(rowLength));
        }

        return rowLength / blockSize * BlockBytes(type);
    }

    /// <summary>Bytes of a whole tensor with ggml dimensions <paramref name="dims"/> (ne0 first).</summary>
    public static long TensorBytes(GgmlType type, IReadOnlyList<long> dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Count == 0)
        {
            throw new ArgumentException("A tensor needs at least one dimension.", nameof(dims));
        }

        var bytes = RowBytes(type, dims[0]);
        for (var i = 1; i < dims.Count; i++)
        {
            bytes = checked(bytes * dims[i]);
        }

        return bytes;
    }

    /// <summary>Looks up the block layout; false for numbers that are not (or no longer) ggml types.</summary>
    public static bool TryGetLayout(GgmlType type, out int blockSize, out int blockBytes)
    {
        (blockSize, blockBytes) = type switch
        {
            GgmlType.F32 => (1, 4),
            GgmlType.F16 => (1, 2),
            GgmlType.Q4_0 => (32, 18),
            GgmlType.Q4_1 => (32, 20),
            GgmlType.Q5_0 => (32, 22),
            GgmlType.Q5_1 => (32, 24),
            GgmlType.Q8_0 => (32, 34),
            GgmlType.Q8_1 => (32, 36),
            GgmlType.Q2_K => (256, 84),
            GgmlType.Q3_K => (256, 110),
            GgmlType.Q4_K => (256, 144),
            GgmlType.Q5_K => (256, 176),
            GgmlType.Q6_K => (256, 210),
            GgmlType.Q8_K => (256, 292),
            GgmlType.IQ2_XXS => (256, 66),
            GgmlType.IQ2_XS => (256, 74),
            GgmlType.IQ3_XXS => (256, 98),
            GgmlType.IQ1_S => (256, 50),
            GgmlType.IQ4_NL => (32, 18),
            GgmlType.IQ3_S => (256, 110),
            GgmlType.IQ2_S => (256, 82),
            GgmlType.IQ4_XS => (256, 136),
            GgmlType.I8 => (1, 1),
            GgmlType.I16 => (1, 2),
            GgmlType.I32 => (1, 4),
            GgmlType.I64 => (1, 8),
            GgmlType.F64 => (1, 8),
            GgmlType.IQ1_M => (256, 56),
            GgmlType.BF16 => (1, 2),
            GgmlType.TQ1_0 => (256, 54),
            GgmlType.TQ2_0 => (256, 66),
            GgmlType.MXFP4 => (32, 17),
            _ => (0, 0),
        };
        return blockSize != 0;
    }

    private static ArgumentException UnknownType(GgmlType type) =>
        new($"ggml type {(uint)type} is not known.", nameof(type));
}
