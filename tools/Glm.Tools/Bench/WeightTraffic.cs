using Glm.Inference.Gguf;

namespace Glm.Tools.Bench;

/// <summary>
/// Bytes of weights one generated token has to read: every tensor of the GGUF once, except the token embedding table,
/// of which a decode reads only the one row it looks up. The KV cache and activations are left out (a few hundred
/// kilobytes at benchmark context lengths).
/// </summary>
/// <param name="TotalTensorBytes">All tensor data in the file.</param>
/// <param name="EmbeddingTableBytes">The token embedding table (token_embd.weight).</param>
/// <param name="EmbeddingRowBytes">One row of that table.</param>
internal sealed record WeightTraffic(long TotalTensorBytes, long EmbeddingTableBytes, long EmbeddingRowBytes)
{
    public const string EmbeddingTensor = "token_embd.weight";

    public long BytesPerToken => TotalTensorBytes - EmbeddingTableBytes + EmbeddingRowBytes;

    public static WeightTraffic Of(string modelPath)
    {
        var file = GgufReader.Read(modelPath);
        var total = file.Tensors.Sum(t => t.ByteSize);
        if (!file.TryGetTensor(EmbeddingTensor, out var embedding))
        {
            return new WeightTraffic(total, 0, 0);
        }

        var rows = embedding.Dims.Count > 1 ? embedding.Dims[1] : 1;
        return new WeightTraffic(total, embedding.ByteSize, embedding.ByteSize / rows);
    }

    public string Describe() =>
        $"{BytesPerToken / 1e6:F1} MB read per token = all tensors {TotalTensorBytes / 1e6:F1} MB − token embedding table {EmbeddingTableBytes / 1e6:F1} MB + one row";
}
