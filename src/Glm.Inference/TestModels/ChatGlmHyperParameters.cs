namespace Glm.Inference.TestModels;

/// <summary>The numbers llama.cpp's <c>chatglm</c> architecture reads from a GGUF, and the tensor sizes they imply.</summary>
public sealed record ChatGlmHyperParameters
{
    public required int EmbeddingLength { get; init; }
    public required int HeadCount { get; init; }
    public required int HeadCountKv { get; init; }
    public required int FeedForwardLength { get; init; }
    public required int BlockCount { get; init; }
    public required int ContextLength { get; init; }
    public required int VocabularySize { get; init; }
    public float RopeFreqBase { get; init; } = 10000f;
    public float LayerNormRmsEpsilon { get; init; } = 1e-5f;

    public int HeadDimension => EmbeddingLength / HeadCount;

    /// <summary>Rows of the fused query-key-value projection: all query heads plus the key and value heads.</summary>
    public int QkvLength => EmbeddingLength + (2 * HeadDimension * HeadCountKv);

    /// <summary>GLM rotates only half of each head (partial RoPE), so llama.cpp wants head_dim / 2 here.</summary>
    public int RopeDimensionCount => HeadDimension / 2;

    public void Validate()
    {
        if (EmbeddingLength % HeadCount != 0 || HeadCount % HeadCountKv != 0)
        {
            throw new ArgumentException(
                $"Embedding length {EmbeddingLength} must divide into {HeadCount} heads, and {HeadCount} heads into {HeadCountKv} KV heads.");
        }

        if (EmbeddingLength % 32 != 0 || FeedForwardLength % 32 != 0)
        {
            throw new ArgumentException(
                $"Embedding length {EmbeddingLength} and feed-forward length {FeedForwardLength} must be multiples of 32 (the quantization block).");
        }
    }
}
