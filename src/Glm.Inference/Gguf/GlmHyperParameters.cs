namespace Glm.Inference.Gguf;

/// <summary>
/// The hyper-parameters of a GLM model (architecture chatglm or glm4) as its GGUF states them, with the
/// derived sizes the tensor shapes depend on.
/// </summary>
public sealed record GlmHyperParameters(
    string Architecture,
    uint ContextLength,
    uint EmbeddingLength,
    uint FeedForwardLength,
    uint BlockCount,
    uint HeadCount,
    uint HeadCountKv,
    uint RopeDimensionCount,
    float RopeFreqBase,
    float LayerNormRmsEpsilon,
    int VocabularySize)
{
    /// <summary>Width of one attention head (embedding_length / head_count).</summary>
    public long HeadDimension => EmbeddingLength / HeadCount;

    /// <summary>Width of the K (and V) projection: head dimension times KV heads.</summary>
    public long KeyValueWidth => HeadDimension * HeadCountKv;

    /// <summary>Rows of the fused QKV projection: Q plus K plus V.</summary>
    public long FusedQkvWidth => EmbeddingLength + (2 * KeyValueWidth);
}
