namespace Glm.Inference.Gguf;

/// <summary>
/// Checks a GGUF file against everything llama.cpp (c0c7e147) needs to load a GLM model, and reports
/// the first defect with a specific message. llama.cpp reports all of these as one generic load
/// failure (the reason only reaches its log), so every model is validated here before native code
/// sees it.
/// </summary>
public static class GgufModelValidator
{
    /// <summary>The architectures this project serves.</summary>
    public static readonly IReadOnlyList<string> SupportedArchitectures = ["chatglm", "glm4"];

    /// <summary>Tokenizer models accepted: gpt2 (GLM-4 BPE) and llama (ChatGLM3 SentencePiece, as convert_hf_to_gguf.py writes it).</summary>
    public static readonly IReadOnlyList<string> SupportedTokenizerModels = ["gpt2", "llama"];

    /// <summary>
    /// The BPE pre-tokenizer names llama.cpp's llama-vocab.cpp recognises. GLM models use "chatglm-bpe"
    /// or "glm4"; the others load too, though they split text differently.
    /// </summary>
    // Stryker disable String : each name only has to equal what llama.cpp matches, so a mutant means "that one pre-tokenizer is refused"; Unknown_pre_tokenizer and Glm4_pre_tokenizer_name_is_accepted cover the check.
    public static readonly IReadOnlySet<string> KnownPreTokenizers = new HashSet<string>(StringComparer.Ordinal)
    {
        "default", "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2",
        "deepseek-llm", "deepseek-coder", "deepseek-v3", "falcon", "mpt", "starcoder", "gpt-2", "phi-2",
        "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de", "a.x-4.0", "mellum", "jina-v1-en",
        "jina-v2-code", "roberta-bpe", "refact", "command-r", "qwen2", "deepseek-r1-qwen", "kormo", "stablelm2",
        "olmo", "dbrx", "smaug-bpe", "poro-chat", "glm4", "chatglm-bpe", "viking", "jais", "tekken", "smollm",
        "codeshell", "bloom", "gpt3-finnish", "exaone", "exaone4", "chameleon", "minerva-7b", "megrez",
        "gpt-4o", "llama4", "superbpe", "trillion", "granite-docling", "bailingmoe", "bailingmoe2", "llada-moe",
        "seed-coder", "hunyuan", "hunyuan-dense", "kimi-k2", "grok-2", "afmoe", "minimax-m2",
    };
    // Stryker restore String

    /// <summary>Reads and checks the model at <paramref name="path"/>; throws <see cref="GgufValidationException"/> on the first defect.</summary>
    public static GgufModelSummary Validate(string path)
    {
        var file = GgufReader.Read(path);
        return Validate(file);
    }

    /// <summary>Checks an already parsed file.</summary>
    public static GgufModelSummary Validate(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var architecture = ReadArchitecture(file);
        var (tokenizerModel, tokenizerPre, tokens) = ReadTokenizer(file);
        var parameters = ReadHyperParameters(file, architecture, tokens.Length);
        CheckTensors(file, parameters);

        file.TryGetString("general.name", out var name);
        return new GgufModelSummary(
            file,
            string.IsNullOrEmpty(name) ? null : name,
            parameters,
            tokenizerModel,
            tokenizerPre,
            file.Tensors.Sum(t => t.ElementCount),
            DominantType(file));
    }

    private static string ReadArchitecture(GgufFile file)
    {
        const string key = "general.architecture";
        if (!file.TryGetString(key, out var architecture))
        {
            throw file.Defect(key, $" has no '{key}' key, so its model type is unknown (supported: {string.Join(", ", SupportedArchitectures)})");
        }

        if (!SupportedArchitectures.Contains(architecture))
        {
            throw file.Defect(key, $" has architecture '{architecture}', which is not supported (supported: {string.Join(", ", SupportedArchitectures)})");
        }

        return architecture;
    }

    private static (string Model, string? Pre, string[] Tokens) ReadTokenizer(GgufFile file)
    {
        var model = file.GetString("tokenizer.ggml.model");
        if (!SupportedTokenizerModels.Contains(model))
        {
            throw file.Defect("tokenizer.ggml.model", $": tokenizer.ggml.model is '{model}', expected 'gpt2' (GLM-4 BPE) or 'llama' (ChatGLM3 SentencePiece)");
        }

        var tokens = file.GetStringArray("tokenizer.ggml.tokens");
        if (tokens.Length == 0)
        {
            throw file.Defect("tokenizer.ggml.tokens", ": tokenizer.ggml.tokens is empty");
        }

        if (file.TryGetInt32Array("tokenizer.ggml.token_type", out var types) && types.Length != tokens.Length)
        {
            throw file.Defect("tokenizer.ggml.token_type", $": tokenizer.ggml.token_type has {types.Length} entries but tokenizer.ggml.tokens has {tokens.Length}");
        }

        string? pre = null;
        if (model == "gpt2")
        {
            pre = file.GetString("tokenizer.ggml.pre");
            if (!KnownPreTokenizers.Contains(pre))
            {
                throw file.Defect("tokenizer.ggml.pre", $": tokenizer.ggml.pre '{pre}' is not a pre-tokenizer llama.cpp knows (GLM models use 'chatglm-bpe' or 'glm4')");
            }

            if (!file.ContainsKey("tokenizer.ggml.merges"))
            {
                throw file.Defect("tokenizer.ggml.merges", " has a gpt2 (BPE) vocabulary but no 'tokenizer.ggml.merges' key");
            }

            file.GetStringArray("tokenizer.ggml.merges");
        }
        else
        {
            file.TryGetString("tokenizer.ggml.pre", out var sentencePiecePre);
            pre = sentencePiecePre;
        }

        return (model, pre, tokens);
    }

    private static GlmHyperParameters ReadHyperParameters(GgufFile file, string arch, int vocabularySize)
    {
        var p = new GlmHyperParameters(
            arch,
            ContextLength: file.GetUInt32($"{arch}.context_length"),
            EmbeddingLength: file.GetUInt32($"{arch}.embedding_length"),
            FeedForwardLength: file.GetUInt32($"{arch}.feed_forward_length"),
            BlockCount: file.GetUInt32($"{arch}.block_count"),
            HeadCount: file.GetUInt32($"{arch}.attention.head_count"),
            HeadCountKv: file.GetUInt32($"{arch}.attention.head_count_kv"),
            RopeDimensionCount: file.GetUInt32($"{arch}.rope.dimension_count"),
            RopeFreqBase: file.GetFloat32($"{arch}.rope.freq_base"),
            LayerNormRmsEpsilon: file.GetFloat32($"{arch}.attention.layer_norm_rms_epsilon"),
            VocabularySize: vocabularySize);

        RequirePositive(file, $"{arch}.context_length", p.ContextLength);
        RequirePositive(file, $"{arch}.embedding_length", p.EmbeddingLength);
        RequirePositive(file, $"{arch}.feed_forward_length", p.FeedForwardLength);
        RequirePositive(file, $"{arch}.block_count", p.BlockCount);
        RequirePositive(file, $"{arch}.attention.head_count", p.HeadCount);
        RequirePositive(file, $"{arch}.attention.head_count_kv", p.HeadCountKv);
        if (p.EmbeddingLength % p.HeadCount != 0)
        {
            throw file.Defect($"{arch}.attention.head_count", $": {arch}.embedding_length {p.EmbeddingLength} is not divisible by {arch}.attention.head_count {p.HeadCount}");
        }

        if (p.HeadCount % p.HeadCountKv != 0)
        {
            throw file.Defect($"{arch}.attention.head_count_kv", $": {arch}.attention.head_count {p.HeadCount} is not divisible by {arch}.attention.head_count_kv {p.HeadCountKv}");
        }

        return p;
    }

    private static void RequirePositive(GgufFile file, string key, uint value)
    {
        if (value == 0)
        {
            throw file.Defect(key, $": key '{key}' is 0, expected a positive number");
        }
    }

    private static void CheckTensors(GgufFile file, GlmHyperParameters p)
    {
        var expected = GlmTensorLayout.Expected(p, n => file.TryGetTensor($"blk.{n}.attn_qkv.weight", out _)).ToList();
        foreach (var tensor in expected)
        {
            if (!file.TryGetTensor(tensor.Name, out var actual))
            {
                if (tensor.Required)
                {
                    throw file.Defect(tensor.Name, $" is missing the tensor '{tensor.Name}'");
                }

                continue;
            }

            if (!actual.Dims.SequenceEqual(tensor.Shape))
            {
                throw file.Defect(tensor.Name, $": tensor '{tensor.Name}' has shape {actual.ShapeText}, expected {GgufTensorInfo.FormatShape(tensor.Shape)} = {tensor.Formula}");
            }
        }

        // llama.cpp refuses files with tensors it did not create ("wrong number of tensors").
        var known = expected.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var extra = file.Tensors.FirstOrDefault(t => !known.Contains(t.Name));
        if (extra is not null)
        {
            throw file.Defect(extra.Name, $" has a tensor '{extra.Name}' that a {p.Architecture} model with {p.BlockCount} blocks does not use");
        }
    }

    private static GgmlType DominantType(GgufFile file) =>
        file.Tensors.GroupBy(t => t.Type).OrderByDescending(g => g.Sum(t => t.ByteSize)).Select(g => g.Key).FirstOrDefault();
}
