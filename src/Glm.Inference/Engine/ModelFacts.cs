namespace Glm.Inference.Engine;

/// <summary>What profile detection reads from a loaded model.</summary>
/// <param name="Architecture">general.architecture.</param>
/// <param name="VocabularySize">Token count.</param>
/// <param name="SpecialTokens">GLM special token texts that exist in the vocabulary as single tokens.</param>
/// <param name="ChatTemplate">tokenizer.chat_template, if any.</param>
public sealed record ModelFacts(string Architecture, int VocabularySize, IReadOnlySet<string> SpecialTokens, string? ChatTemplate)
{
    /// <summary>The special tokens whose presence tells the family members apart.</summary>
    public static IReadOnlyList<string> DistinguishingTokens { get; } =
        ["[gMASK]", "<sop>", "sop", "<|code_suffix|>", "<|code_prefix|>", "<|code_middle|>", "<|observation|>", "<|user|>"];
}
