using Glm.Inference.Generation;

namespace Glm.Inference.Engine;

/// <summary>Tells ChatGLM3, GLM-4, GLM-4-0414 and CodeGeeX4 apart from a model's metadata and vocabulary.</summary>
public static class ModelProfileDetector
{
    /// <summary>ChatGLM3-6B's vocabulary size; GLM-4 models have 151,552 tokens.</summary>
    public const int ChatGlm3VocabularySize = 65024;

    /// <returns>The profile and whether the model has CodeGeeX4's fill-in-the-middle tokens.</returns>
    /// <exception cref="NotSupportedException">The architecture is not one of the GLM family's.</exception>
    public static (ModelProfile Profile, bool SupportsFillInTheMiddle) Detect(ModelFacts facts)
    {
        var hasFim = facts.SpecialTokens.Contains("<|code_suffix|>")
            && facts.SpecialTokens.Contains("<|code_prefix|>")
            && facts.SpecialTokens.Contains("<|code_middle|>");
        return facts.Architecture switch
        {
            "glm4" => (hasFim ? ModelProfile.CodeGeeX4 : ModelProfile.Glm4_0414, hasFim),
            "chatglm" when hasFim => (ModelProfile.CodeGeeX4, true),
            "chatglm" when IsChatGlm3(facts) => (ModelProfile.ChatGlm3, false),
            "chatglm" => (ModelProfile.Glm4, false),
            _ => throw new NotSupportedException(
                $"Architecture '{facts.Architecture}' is not a GLM model; expected 'chatglm' or 'glm4'."),
        };
    }

    private static bool IsChatGlm3(ModelFacts facts)
    {
        // ChatGLM3 spells its start token "sop" without brackets, and its template writes "[gMASK]sop".
        if (facts.SpecialTokens.Contains("<sop>"))
        {
            return false;
        }

        return facts.VocabularySize == ChatGlm3VocabularySize
            || facts.SpecialTokens.Contains("sop")
            || (facts.ChatTemplate?.Contains("[gMASK]sop", StringComparison.Ordinal) ?? false);
    }
}
