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

    /// <param name="architecture"><c>chatglm</c>, or <c>glm4</c> for GLM-4-0414 (same dimensions as GLM-4-9B).</param>
    public GlmHyperParameters ToHyperParameters(int blockCount, string architecture = ChatGlmGgufLayout.Architecture) =>
        ChatGlmGgufLayout.HyperParameters(
            EmbeddingLength, HeadCount, HeadCountKv, FeedForwardLength, blockCount, ContextLength, VocabularySize, architecture);
}
