using Glm.Inference.Gguf;

namespace Glm.TestModels;

/// <summary>How a predictable model is shaped; every option is part of the cache key.</summary>
public sealed record PredictableModelOptions
{
    public static PredictableModelOptions Default { get; } = new();

    /// <summary>The options of a layout's real file: its chat template and, for CodeGeeX4 and GLM-Edge, its general.name.</summary>
    public static PredictableModelOptions For(TestModelLayout layout) => layout switch
    {
        TestModelLayout.ChatGlm3 => new() { Layout = layout, ChatTemplate = ChatGlm3ChatTemplate.Text },
        TestModelLayout.CodeGeeX4 => new() { Layout = layout, Name = "codegeex4-all-9b" },
        TestModelLayout.GlmEdge => new() { Layout = layout, Name = "glm-edge-1.5b-chat", ChatTemplate = GlmEdgeChatTemplate.Text },
        _ => new() { Layout = layout },
    };

    /// <summary>Which real family member's GGUF layout the file copies (vocabulary kind, control tokens, architecture).</summary>
    public TestModelLayout Layout { get; init; } = TestModelLayout.Glm4;

    /// <summary>Transformer blocks (1 or 2 is plenty: they only add compute, the residual path carries the answer).</summary>
    public int BlockCount { get; init; } = 1;

    public int FeedForwardLength { get; init; } = 64;

    /// <summary>The training context length written to the GGUF (contexts may be created smaller).</summary>
    public int ContextLength { get; init; } = 4096;

    /// <summary>Corpus pieces that get no merges of their own, so they come out as byte tokens
    /// (see <see cref="DefaultCorpus.MultiByteCharacterPiece"/>).</summary>
    public IReadOnlyList<string> UnmergedPieces { get; init; } = [];

    /// <summary>When false (the default) the builder refuses a corpus whose token sequence repeats a token, because the
    /// model then continues every occurrence the way the first one continues.</summary>
    public bool AllowRepeatedTokens { get; init; }

    /// <summary>Encoding of the big matrices. F32 (default) or F16 (half the size, still exact for the one-hot weights
    /// that decide the output; useful for corpora with thousands of tokens).</summary>
    public GgmlType MatrixType { get; init; } = GgmlType.F32;

    public string Name { get; init; } = "glm-lsp predictable test model";

    /// <summary>The Jinja text stored as tokenizer.chat_template; null leaves the key out.</summary>
    public string? ChatTemplate { get; init; } = Glm4ChatTemplate.Text;

    /// <summary>Writes <c>tokenizer.ggml.add_bos_token = true</c> into a byte-level BPE file, which no GLM converter
    /// does: llama.cpp then puts BOS (<c>[gMASK]</c>) first whenever a caller lets it add special tokens.</summary>
    public bool AddBosToken { get; init; }

    /// <summary>A stable text form of every option, hashed into the cache key.</summary>
    public string ToCacheKey() =>
        string.Join(
            "|",
            $"layout={Layout}",
            $"blocks={BlockCount}",
            $"ffn={FeedForwardLength}",
            $"ctx={ContextLength}",
            $"unmerged={string.Join("\u0001", UnmergedPieces)}",
            $"repeats={AllowRepeatedTokens}",
            $"matrix={MatrixType}",
            $"name={Name}",
            $"template={ChatTemplate}")
        + (AddBosToken ? "|add_bos=true" : string.Empty);
}
