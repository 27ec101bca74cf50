using Glm.Inference.Gguf;
using Glm.Inference.Tokenization;
using Glm.TestModels.Gguf;

namespace Glm.TestModels;

/// <summary>
/// The keys of a <c>chatglm</c> (or <c>glm4</c>) GGUF as llama.cpp (commit c0c7e147) loads them, and its tensor dims (ggml dims, ne0
/// first) as <see cref="GlmTensorLayout"/> declares them, shared by the predictable model and the GLM-shaped random models.
/// </summary>
public static class ChatGlmGgufLayout
{
    public const string Architecture = "chatglm";

    /// <summary>
    /// The hyperparameters of a <c>chatglm</c> model with the given sizes, in the record the validator reads back.
    /// RoPE settings and the norm epsilon are GLM's: only half of each head rotates (partial RoPE), so llama.cpp wants
    /// head_dim / 2 as the rope dimension count; GLM-Edge rotates the whole head (<paramref name="wholeHeadRotates"/>).
    /// </summary>
    public static GlmHyperParameters HyperParameters(
        int embeddingLength,
        int headCount,
        int headCountKv,
        int feedForwardLength,
        int blockCount,
        int contextLength,
        int vocabularySize,
        string architecture = Architecture,
        bool wholeHeadRotates = false)
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
            architecture,
            ContextLength: (uint)contextLength,
            EmbeddingLength: (uint)embeddingLength,
            FeedForwardLength: (uint)feedForwardLength,
            BlockCount: (uint)blockCount,
            HeadCount: (uint)headCount,
            HeadCountKv: (uint)headCountKv,
            RopeDimensionCount: (uint)(embeddingLength / headCount / (wholeHeadRotates ? 1 : 2)),
            RopeFreqBase: 10000f,
            LayerNormRmsEpsilon: 1e-5f,
            VocabularySize: vocabularySize);
    }

    /// <summary>Writes general.* and the architecture's (chatglm.* or glm4.*) hyperparameter keys.</summary>
    public static void AddHyperParameters(GgufWriter writer, GlmHyperParameters hp, string name, uint fileType)
    {
        var arch = hp.Architecture;
        writer.AddString("general.architecture", arch);
        writer.AddString("general.name", name);
        writer.AddUInt32("general.file_type", fileType);
        writer.AddUInt32($"{arch}.context_length", hp.ContextLength);
        writer.AddUInt32($"{arch}.embedding_length", hp.EmbeddingLength);
        writer.AddUInt32($"{arch}.feed_forward_length", hp.FeedForwardLength);
        writer.AddUInt32($"{arch}.block_count", hp.BlockCount);
        writer.AddUInt32($"{arch}.attention.head_count", hp.HeadCount);
        writer.AddUInt32($"{arch}.attention.head_count_kv", hp.HeadCountKv);
        writer.AddFloat32($"{arch}.attention.layer_norm_rms_epsilon", hp.LayerNormRmsEpsilon);
        writer.AddUInt32($"{arch}.rope.dimension_count", hp.RopeDimensionCount);
        writer.AddFloat32($"{arch}.rope.freq_base", hp.RopeFreqBase);
    }

    /// <summary>Writes a ChatGLM3-style SentencePiece vocabulary as the converter's set_vocab_chatglm3 does: llama model,
    /// chatglm-spm pre-tokenizer, scores, token types, eos <c>&lt;eos&gt;</c> (id 2), add_bos_token false, no
    /// add_space_prefix key (llama.cpp then adds the space prefix), and the chat template.</summary>
    public static void AddSentencePieceTokenizer(GgufWriter writer, SentencePieceCorpusVocabulary vocabulary, string? chatTemplate) =>
        AddSentencePieceTokenizer(
            writer, vocabulary.Tokens, vocabulary.Scores, Enumerable.Range(0, vocabulary.Count).Select(vocabulary.TokenType).ToArray(), chatTemplate);

    /// <summary>The same for a vocabulary given as its token texts, scores and types.</summary>
    public static void AddSentencePieceTokenizer(
        GgufWriter writer, IReadOnlyList<string> tokens, IReadOnlyList<float> scores, IReadOnlyList<int> tokenTypes, string? chatTemplate)
    {
        writer.AddString("tokenizer.ggml.model", "llama");
        writer.AddString("tokenizer.ggml.pre", "chatglm-spm");
        writer.AddStringArray("tokenizer.ggml.tokens", tokens);
        writer.AddFloat32Array("tokenizer.ggml.scores", scores);
        writer.AddInt32Array("tokenizer.ggml.token_type", tokenTypes);
        writer.AddUInt32("tokenizer.ggml.unknown_token_id", 0);
        writer.AddUInt32("tokenizer.ggml.bos_token_id", 1);
        writer.AddUInt32("tokenizer.ggml.eos_token_id", 2);
        writer.AddBool("tokenizer.ggml.add_bos_token", false);
        if (chatTemplate is not null)
        {
            writer.AddString("tokenizer.chat_template", chatTemplate);
        }
    }

    /// <summary>Writes a GLM-4-style byte-level BPE vocabulary: gpt2 model, chatglm-bpe pre-tokenizer, merges, the
    /// end-of-text and end-of-turn ids and the chat template. <paramref name="specialTokens"/> are the control tokens
    /// from <paramref name="firstSpecialId"/> on, in id order.</summary>
    public static void AddTokenizer(
        GgufWriter writer,
        IReadOnlyList<string> tokens,
        IReadOnlyList<int> tokenTypes,
        IReadOnlyList<string> merges,
        int firstSpecialId,
        string? chatTemplate,
        IReadOnlyList<string>? specialTokens = null)
    {
        specialTokens ??= GlmSpecialTokens.All;
        var specialId = (string special) => (uint)(firstSpecialId + specialTokens.ToList().IndexOf(special));
        writer.AddString("tokenizer.ggml.model", "gpt2");
        writer.AddString("tokenizer.ggml.pre", "chatglm-bpe");
        writer.AddStringArray("tokenizer.ggml.tokens", tokens);
        writer.AddInt32Array("tokenizer.ggml.token_type", tokenTypes);
        writer.AddStringArray("tokenizer.ggml.merges", merges);
        writer.AddUInt32("tokenizer.ggml.eos_token_id", specialId(GlmControlTokens.EndOfText));
        writer.AddUInt32("tokenizer.ggml.padding_token_id", specialId(GlmControlTokens.EndOfText));

        // GLM-4 conversions name [gMASK] as BOS; llama.cpp never adds it for chatglm-bpe, prompts carry it themselves.
        writer.AddUInt32("tokenizer.ggml.bos_token_id", specialId(GlmControlTokens.GMask));

        // <|user|> ends a turn: the model starting the next user turn means its answer is complete.
        writer.AddUInt32("tokenizer.ggml.eot_token_id", specialId(GlmControlTokens.User));
        if (chatTemplate is not null)
        {
            writer.AddString("tokenizer.chat_template", chatTemplate);
        }
    }

    /// <summary>
    /// The ggml dims of every tensor, by name, taken from <see cref="GlmTensorLayout"/> (the declaration the validator
    /// checks files against) so that a writer and the validator can never disagree. Test models use the fused QKV form
    /// unless <paramref name="fusedQkv"/> is false (GLM-Edge's converted files have separate projections).
    /// </summary>
    public static IReadOnlyDictionary<string, long[]> TensorShapes(GlmHyperParameters hp, bool fusedQkv = true) =>
        GlmTensorLayout.Expected(hp, hasFusedQkv: _ => fusedQkv).ToDictionary(tensor => tensor.Name, tensor => tensor.Shape);
}
