using Glm.Inference.Gguf;

namespace Glm.Inference.TestModels;

/// <summary>
/// The keys of a <c>chatglm</c> GGUF as llama.cpp (commit c0c7e147) loads them, and its tensor dims (ggml dims, ne0
/// first) as <see cref="GlmTensorLayout"/> declares them, shared by the predictable model and the GLM-shaped random models.
/// </summary>
public static class ChatGlmGgufLayout
{
    public const string Architecture = "chatglm";

    /// <summary>
    /// The hyperparameters of a <c>chatglm</c> model with the given sizes, in the record the validator reads back.
    /// RoPE settings and the norm epsilon are GLM's: only half of each head rotates (partial RoPE), so llama.cpp wants
    /// head_dim / 2 as the rope dimension count.
    /// </summary>
    public static GlmHyperParameters HyperParameters(
        int embeddingLength,
        int headCount,
        int headCountKv,
        int feedForwardLength,
        int blockCount,
        int contextLength,
        int vocabularySize)
    {
        if (embeddingLength % headCount != 0 || headCount % headCountKv != 0)
        {
            throw new ArgumentException(
                $"Embedding length {embeddingLength} must divide into {headCount} heads, and {headCount} heads into {headCountKv} KV heads.");
        }

        if (embeddingLength % 32 != 0 || feedForwardLength % 32 != 0)
        {
            throw new ArgumentException(
                $"Embedding length {embeddingLength} and feed-forward length {feedForwardLength} must be multiples of 32 (the quantization block).");
        }

        return new GlmHyperParameters(
            Architecture,
            ContextLength: (uint)contextLength,
            EmbeddingLength: (uint)embeddingLength,
            FeedForwardLength: (uint)feedForwardLength,
            BlockCount: (uint)blockCount,
            HeadCount: (uint)headCount,
            HeadCountKv: (uint)headCountKv,
            RopeDimensionCount: (uint)(embeddingLength / headCount / 2),
            RopeFreqBase: 10000f,
            LayerNormRmsEpsilon: 1e-5f,
            VocabularySize: vocabularySize);
    }

    /// <summary>Writes general.* and chatglm.* hyperparameter keys.</summary>
    public static void AddHyperParameters(GgufWriter writer, GlmHyperParameters hp, string name, uint fileType)
    {
        writer.AddString("general.architecture", hp.Architecture);
        writer.AddString("general.name", name);
        writer.AddUInt32("general.file_type", fileType);
        writer.AddUInt32("chatglm.context_length", hp.ContextLength);
        writer.AddUInt32("chatglm.embedding_length", hp.EmbeddingLength);
        writer.AddUInt32("chatglm.feed_forward_length", hp.FeedForwardLength);
        writer.AddUInt32("chatglm.block_count", hp.BlockCount);
        writer.AddUInt32("chatglm.attention.head_count", hp.HeadCount);
        writer.AddUInt32("chatglm.attention.head_count_kv", hp.HeadCountKv);
        writer.AddFloat32("chatglm.attention.layer_norm_rms_epsilon", hp.LayerNormRmsEpsilon);
        writer.AddUInt32("chatglm.rope.dimension_count", hp.RopeDimensionCount);
        writer.AddFloat32("chatglm.rope.freq_base", hp.RopeFreqBase);
    }

    /// <summary>Writes a GLM-4-style byte-level BPE vocabulary: gpt2 model, chatglm-bpe pre-tokenizer, merges, the
    /// end-of-text and end-of-turn ids and the chat template.</summary>
    public static void AddTokenizer(
        GgufWriter writer,
        IReadOnlyList<string> tokens,
        IReadOnlyList<int> tokenTypes,
        IReadOnlyList<string> merges,
        int firstSpecialId,
        string? chatTemplate)
    {
        var specialId = (string special) => (uint)(firstSpecialId + GlmSpecialTokens.IndexOf(special));
        writer.AddString("tokenizer.ggml.model", "gpt2");
        writer.AddString("tokenizer.ggml.pre", "chatglm-bpe");
        writer.AddStringArray("tokenizer.ggml.tokens", tokens);
        writer.AddInt32Array("tokenizer.ggml.token_type", tokenTypes);
        writer.AddStringArray("tokenizer.ggml.merges", merges);
        writer.AddUInt32("tokenizer.ggml.eos_token_id", specialId(GlmSpecialTokens.EndOfText));
        writer.AddUInt32("tokenizer.ggml.padding_token_id", specialId(GlmSpecialTokens.EndOfText));

        // GLM-4 conversions name [gMASK] as BOS; llama.cpp never adds it for chatglm-bpe, prompts carry it themselves.
        writer.AddUInt32("tokenizer.ggml.bos_token_id", specialId(GlmSpecialTokens.GMask));

        // <|user|> ends a turn: the model starting the next user turn means its answer is complete.
        writer.AddUInt32("tokenizer.ggml.eot_token_id", specialId(GlmSpecialTokens.User));
        if (chatTemplate is not null)
        {
            writer.AddString("tokenizer.chat_template", chatTemplate);
        }
    }

    /// <summary>
    /// The ggml dims of every tensor, by name, taken from <see cref="GlmTensorLayout"/> (the declaration the validator
    /// checks files against) so that a writer and the validator can never disagree. Test models use the fused QKV form.
    /// </summary>
    public static IReadOnlyDictionary<string, long[]> TensorShapes(GlmHyperParameters hp) =>
        GlmTensorLayout.Expected(hp, hasFusedQkv: _ => true).ToDictionary(tensor => tensor.Name, tensor => tensor.Shape);
}
