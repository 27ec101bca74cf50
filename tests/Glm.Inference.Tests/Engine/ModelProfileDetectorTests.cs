using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

public class ModelProfileDetectorTests
{
    private static readonly string[] Glm4Tokens = ["[gMASK]", "<sop>", "<|user|>", "<|observation|>"];
    private static readonly string[] FimTokens = ["<|code_suffix|>", "<|code_prefix|>", "<|code_middle|>"];

    [Fact]
    public void ChatGlm3IsRecognisedByItsVocabularyWithoutBracketedSop() =>
        Assert.Equal((ModelProfile.ChatGlm3, false), Detect("chatglm", 65024, ["[gMASK]", "sop", "<|user|>"]));

    [Fact]
    public void Glm4HasBracketedSop() =>
        Assert.Equal((ModelProfile.Glm4, false), Detect("chatglm", 151552, Glm4Tokens));

    [Fact]
    public void Glm4_0414HasItsOwnArchitecture() =>
        Assert.Equal((ModelProfile.Glm4_0414, false), Detect("glm4", 151552, Glm4Tokens));

    [Fact]
    public void CodeGeeX4HasTheFillInTheMiddleTokens() =>
        Assert.Equal((ModelProfile.CodeGeeX4, true), Detect("chatglm", 151552, [.. Glm4Tokens, .. FimTokens]));

    [Fact]
    public void OtherArchitecturesAreRefusedByName()
    {
        var exception = Assert.Throws<NotSupportedException>(() => Detect("llama", 32000, []));

        Assert.Equal("Architecture 'llama' is not a GLM model; expected 'chatglm' or 'glm4'.", exception.Message);
    }

    private static (ModelProfile, bool) Detect(string architecture, int vocabularySize, string[] tokens) =>
        ModelProfileDetector.Detect(new ModelFacts(architecture, vocabularySize, tokens.ToHashSet(), null));
}
