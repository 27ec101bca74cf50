using Glm.Inference.Tokenization;

namespace Glm.Inference.Engine;

/// <summary>What profile detection reads from a loaded model.</summary>
/// <param name="Architecture">general.architecture.</param>
/// <param name="VocabularySize">Token count.</param>
/// <param name="SpecialTokens">GLM special token texts that exist in the vocabulary as single tokens.</param>
/// <param name="ChatTemplate">tokenizer.chat_template, if any.</param>
/// <param name="Name">general.name, if any.</param>
/// <param name="FileName">The model file's name, if known.</param>
public sealed record ModelFacts(
    string Architecture, int VocabularySize, IReadOnlySet<string> SpecialTokens, string? ChatTemplate, string? Name = null, string? FileName = null)
{
    /// <summary>The special tokens whose presence tells the family members apart.</summary>
    public static IReadOnlyList<string> DistinguishingTokens => GlmControlTokens.Distinguishing;
}
