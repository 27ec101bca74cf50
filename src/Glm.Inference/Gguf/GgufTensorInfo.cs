namespace Glm.Inference.Gguf;

/// <summary>One entry of a GGUF tensor table: where the tensor's data lies, not the data itself.</summary>
/// <param name="Name">The tensor name, e.g. "blk.0.attn_qkv.weight".</param>
/// <param name="Dims">ggml dimensions, ne0 (the contiguous one) first.</param>
/// <param name="Type">The element encoding.</param>
/// <param name="Offset">Absolute file offset of the first data byte.</param>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<long> Dims, GgmlType Type, long Offset)
{
    /// <summary>Number of elements (the product of the dimensions).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var dim in Dims)
            {
                count = checked(count * dim);
            }

            return count;
        }
    }

    /// <summary>Bytes of data the tensor occupies.</summary>
    public long ByteSize => GgmlTypeTraits.TensorBytes(Type, Dims);

    /// <summary>Absolute file offset one past the last data byte.</summary>
    public long End => checked(Offset + ByteSize);

    /// <summary>The dimensions as printed in messages, e.g. "[4096, 65024]".</summary>
    public string ShapeText => FormatShape(Dims);

    /// <summary>Formats dimensions the way every message of this project prints them.</summary>
    public static string FormatShape(IEnumerable<long> dims) => $"[{string.Join(", ", dims)}]";
}
