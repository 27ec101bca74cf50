using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Glm.Inference.Tokenization;

/// <summary>
/// The pre-tokenizer llama.cpp applies for GLM vocabularies (tokenizer.ggml.pre "chatglm-bpe" or
/// "glm4", LLAMA_VOCAB_PRE_TYPE_CHATGLM4): the llama3 split pattern, which llama.cpp runs through a
/// hand-written splitter with the same semantics (letters = \p{L}, digits in runs of at most 3, an
/// optional non-letter, non-digit character glued to a following run of letters).
/// </summary>
public static class GlmPreTokenizer
{
    /// <summary>The pre-tokenizer names that select this pattern in llama.cpp.</summary>
    public static readonly IReadOnlyList<string> Names = ["chatglm-bpe", "glm4"];

    /// <summary>The llama3 pattern as llama-vocab.cpp lists it for LLAMA_VOCAB_PRE_TYPE_CHATGLM4.</summary>
    public const string Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private static readonly Regex SplitRegex = new(Pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>The regex itself, e.g. to show how a text splits.</summary>
    public static Regex Regex => SplitRegex;

    /// <summary>A Microsoft.ML.Tokenizers pre-tokenizer that first cuts out <paramref name="specialTokens"/> whole.</summary>
    public static PreTokenizer Create(IReadOnlyDictionary<string, int> specialTokens) =>
        new RegexPreTokenizer(SplitRegex, specialTokens);
}
