using Glm.Inference.Gguf;

namespace Glm.Inference.TestModels;

/// <summary>
/// The keys and tensor names of a <c>chatglm</c> GGUF as llama.cpp (commit c0c7e147) loads them, shared by the
/// predictable model and the GLM-shaped random models. Tensor dims are ggml dims, ne0 first.
/// </summary>
public static class ChatGlmGgufLayout
{
    public const string Architecture = "chatglm";

    /// <summary>Writes general.* and chatglm.* hyperparameter keys.</summary>
    public static void AddHyperParameters(GgufWriter writer, ChatGlmHyperParameters hp, string name, uint fileType)
    {
        hp.Validate();
        writer.AddString("general.architecture", Architecture);
        writer.AddString("general.name", name);
        writer.AddUInt32("general.file_type", fileType);
        writer.AddUInt32("chatglm.context_length", (uint)hp.ContextLength);
        writer.AddUInt32("chatglm.embedding_length", (uint)hp.EmbeddingLength);
        writer.AddUInt32("chatglm.feed_forward_length", (uint)hp.FeedForwardLength);
        writer.AddUInt32("chatglm.block_count", (uint)hp.BlockCount);
        writer.AddUInt32("chatglm.attention.head_count", (uint)hp.HeadCount);
        writer.AddUInt32("chatglm.attention.head_count_kv", (uint)hp.HeadCountKv);
        writer.AddFloat32("chatglm.attention.layer_norm_rms_epsilon", hp.LayerNormRmsEpsilon);
        writer.AddUInt32("chatglm.rope.dimension_count", (uint)hp.RopeDimensionCount);
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
        var specialId = (string special) => (uint)(firstSpecialId + IndexOf(GlmSpecialTokens.All, special));
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

    public static long[] TokenEmbeddingDims(ChatGlmHyperParameters hp) => [hp.EmbeddingLength, hp.VocabularySize];

    public static long[] OutputDims(ChatGlmHyperParameters hp) => [hp.EmbeddingLength, hp.VocabularySize];

    public static long[] NormDims(ChatGlmHyperParameters hp) => [hp.EmbeddingLength];

    public static long[] QkvDims(ChatGlmHyperParameters hp) => [hp.EmbeddingLength, hp.QkvLength];

    public static long[] QkvBiasDims(ChatGlmHyperParameters hp) => [hp.QkvLength];

    public static long[] AttentionOutputDims(ChatGlmHyperParameters hp) => [hp.EmbeddingLength, hp.EmbeddingLength];

    /// <summary>Gate and up projections fused: llama.cpp splits the 2·FFN rows in half for SwiGLU.</summary>
    public static long[] FeedForwardUpDims(ChatGlmHyperParameters hp) => [hp.EmbeddingLength, 2L * hp.FeedForwardLength];

    public static long[] FeedForwardDownDims(ChatGlmHyperParameters hp) => [hp.FeedForwardLength, hp.EmbeddingLength];

    public static string Block(int block, string tensor) => $"blk.{block}.{tensor}";

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{value}' is not in the list.", nameof(value));
    }
}
