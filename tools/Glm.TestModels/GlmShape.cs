using Glm.Inference.Gguf;

namespace Glm.TestModels;

/// <summary>The dimensions of a real GLM model, for random-weight models that cost what the real one costs to run.</summary>
/// <param name="Name">Short name used in file names, for example "chatglm3-6b".</param>
/// <param name="BlockCount">The real model's layer count (builders may write fewer).</param>
public sealed record GlmShape(
    string Name,
    int EmbeddingLength,
    int HeadCount,
    int HeadCountKv,
    int FeedForwardLength,
    int BlockCount,
    int VocabularySize,
    int ContextLength)
{
    /// <summary>ChatGLM3-6B: 28 layers, multi-query attention with 2 KV groups, 65,024 tokens.</summary>
    public static GlmShape ChatGlm3_6B { get; } = new("chatglm3-6b", 4096, 32, 2, 13696, 28, 65024, 8192);

    /// <summary>GLM-4-9B (architecture chatglm): 40 layers and a 151,552-token vocabulary.</summary>
    public static GlmShape Glm4_9B { get; } = new("glm-4-9b", 4096, 32, 2, 13696, 40, 151552, 8192);

    /// <summary>GLM-Edge-1.5B-Chat: 28 layers, 16 heads with 4 KV heads, a 59,264-token vocabulary. Its converted files
    /// have separate query/key/value projections; the fused form written here costs the same to run.</summary>
    public static GlmShape GlmEdge_1_5B { get; } = new("glm-edge-1.5b", 2048, 16, 4, 6144, 28, 59264, 8192);

    /// <summary>GLM-Edge-4B-Chat: 40 layers, 24 heads with 6 KV heads (the language model of GLM-Edge-V-5B).</summary>
    public static GlmShape GlmEdge_4B { get; } = new("glm-edge-4b", 3072, 24, 6, 8192, 40, 59264, 8192);

    /// <summary>The shapes by name, for the command line.</summary>
    public static IReadOnlyList<GlmShape> All { get; } = [ChatGlm3_6B, Glm4_9B, GlmEdge_1_5B, GlmEdge_4B];

    /// <param name="architecture"><c>chatglm</c>, or <c>glm4</c> for GLM-4-0414 (same dimensions as GLM-4-9B).</param>
    public GlmHyperParameters ToHyperParameters(int blockCount, string architecture = ChatGlmGgufLayout.Architecture) =>
        ChatGlmGgufLayout.HyperParameters(
            EmbeddingLength, HeadCount, HeadCountKv, FeedForwardLength, blockCount, ContextLength, VocabularySize, architecture);
}
