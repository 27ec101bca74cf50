using Glm.Inference.Generation;
using Glm.Inference.Tokenization;

namespace Glm.Inference.Engine;

/// <summary>What profile detection decided and why.</summary>
/// <param name="Profile">The family member.</param>
/// <param name="SupportsFillInTheMiddle">True when the model takes CodeGeeX4's infilling prompt.</param>
/// <param name="FillInTheMiddleMarkersAreTokens">True when the infilling markers are single tokens; CodeGeeX4-ALL-9B
/// has them only as text.</param>
/// <param name="Evidence">What decided it, in words, for <c>doctor</c> and the load log.</param>
public sealed record ProfileDetection(ModelProfile Profile, bool SupportsFillInTheMiddle, bool FillInTheMiddleMarkersAreTokens, string Evidence)
{
    public void Deconstruct(out ModelProfile profile, out bool supportsFillInTheMiddle)
    {
        profile = Profile;
        supportsFillInTheMiddle = SupportsFillInTheMiddle;
    }
}

/// <summary>Tells ChatGLM3, GLM-4, GLM-4-0414, CodeGeeX4 and GLM-Edge apart from a model's metadata and vocabulary.</summary>
public static class ModelProfileDetector
{
    /// <summary>ChatGLM3-6B's vocabulary size; GLM-4 models have 151,552 tokens.</summary>
    public const int ChatGlm3VocabularySize = 65024;

    /// <summary>GLM-Edge's vocabulary size (1.5B and 4B chat): GLM-4's control tokens after a smaller BPE vocabulary.</summary>
    public const int GlmEdgeVocabularySize = 59264;

    /// <exception cref="NotSupportedException">The architecture is not one of the GLM family's.</exception>
    public static ProfileDetection Detect(ModelFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var hasFimTokens = GlmControlTokens.FillInTheMiddleMarkers.All(facts.SpecialTokens.Contains);
        if (facts.Architecture is not ("chatglm" or "glm4"))
        {
            throw new NotSupportedException($"Architecture '{facts.Architecture}' is not a GLM model; expected 'chatglm' or 'glm4'.");
        }

        if (hasFimTokens)
        {
            return new(ModelProfile.CodeGeeX4, true, true, "its vocabulary has the <|code_suffix|>, <|code_prefix|> and <|code_middle|> tokens");
        }

        if (CodeGeeX4Sign(facts) is { } sign)
        {
            // CodeGeeX4-ALL-9B ships GLM-4's tokenizer: its infilling markers are plain text.
            return new(ModelProfile.CodeGeeX4, true, false, $"{sign}; its infilling markers are text, not tokens");
        }

        if (facts.Architecture == "chatglm" && GlmEdgeSign(facts) is { } edge)
        {
            return new(ModelProfile.GlmEdge, false, false, edge);
        }

        if (facts.Architecture == "glm4")
        {
            return new(ModelProfile.Glm4_0414, false, false, "architecture glm4");
        }

        return ChatGlm3Sign(facts) is { } chatGlm3
            ? new(ModelProfile.ChatGlm3, false, false, chatGlm3)
            : new(ModelProfile.Glm4, false, false, "architecture chatglm with GLM-4's bracketed <sop>");
    }

    private static string? CodeGeeX4Sign(ModelFacts facts)
    {
        if (facts.Name?.Contains("codegeex", StringComparison.OrdinalIgnoreCase) == true)
        {
            return $"general.name '{facts.Name}'";
        }

        if (facts.FileName?.Contains("codegeex", StringComparison.OrdinalIgnoreCase) == true)
        {
            return $"file name '{facts.FileName}'";
        }

        return facts.ChatTemplate?.Contains(GlmControlTokens.CodeMiddle, StringComparison.Ordinal) == true
            || facts.ChatTemplate?.Contains("CodeGeeX", StringComparison.OrdinalIgnoreCase) == true
            ? "its chat template mentions CodeGeeX"
            : null;
    }

    private static string? GlmEdgeSign(ModelFacts facts)
    {
        // Converters write general.name as the repository name ("glm-edge-1.5b-chat") or as words ("Glm Edge 1.5b Chat").
        if (NamesGlmEdge(facts.Name))
        {
            return $"general.name '{facts.Name}'";
        }

        if (NamesGlmEdge(facts.FileName))
        {
            return $"file name '{facts.FileName}'";
        }

        if (facts.VocabularySize == GlmEdgeVocabularySize && facts.SpecialTokens.Contains(GlmControlTokens.StartOfPiece))
        {
            return $"vocabulary of {GlmEdgeVocabularySize} tokens";
        }

        // llama.cpp's glmedge detection: role tags without the [gMASK]<sop> every other GLM template starts with.
        var template = facts.ChatTemplate;
        return template is not null
            && template.Contains(GlmControlTokens.User, StringComparison.Ordinal)
            && template.Contains(GlmControlTokens.Assistant, StringComparison.Ordinal)
            && !template.Contains(GlmControlTokens.GMask, StringComparison.Ordinal)
            && facts.SpecialTokens.Contains(GlmControlTokens.StartOfPiece)
            ? "its chat template has role tags but no [gMASK]<sop>"
            : null;
    }

    private static bool NamesGlmEdge(string? text) =>
        text is not null && new string([.. text.Where(char.IsLetterOrDigit)]).Contains("glmedge", StringComparison.OrdinalIgnoreCase);

    private static string? ChatGlm3Sign(ModelFacts facts)
    {
        // ChatGLM3 spells its start token "sop" without brackets, and its template writes "[gMASK]sop".
        if (facts.SpecialTokens.Contains(GlmControlTokens.StartOfPiece))
        {
            return null;
        }

        if (facts.SpecialTokens.Contains(GlmControlTokens.ChatGlm3StartOfPiece))
        {
            return "control token 'sop' without brackets";
        }

        if (facts.VocabularySize == ChatGlm3VocabularySize)
        {
            return $"vocabulary of {ChatGlm3VocabularySize} tokens";
        }

        return facts.ChatTemplate?.Contains("[gMASK]sop", StringComparison.Ordinal) == true ? "chat template starts with [gMASK]sop" : null;
    }
}
