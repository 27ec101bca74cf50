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

    [Theory]
    [InlineData("codegeex4-all-9b", "model.gguf", null, "general.name 'codegeex4-all-9b'")]
    [InlineData("GLM-4", "codegeex4-all-9b-Q4_0.gguf", null, "file name 'codegeex4-all-9b-Q4_0.gguf'")]
    [InlineData("GLM-4", "model.gguf", "[gMASK]<sop>{# CodeGeeX #}", "its chat template mentions CodeGeeX")]
    public void CodeGeeX4WithTextMarkersIsRecognisedFromItsMetadata(string name, string fileName, string? template, string sign)
    {
        var detection = ModelProfileDetector.Detect(new ModelFacts("chatglm", 151552, Glm4Tokens.ToHashSet(), template, name, fileName));

        Assert.Equal(new ProfileDetection(ModelProfile.CodeGeeX4, true, false, $"{sign}; its infilling markers are text, not tokens"), detection);
    }

    [Fact]
    public void AGlm4FileWithoutCodeGeeXSignsStaysGlm4() =>
        Assert.Equal(
            new ProfileDetection(ModelProfile.Glm4, false, false, "architecture chatglm with GLM-4's bracketed <sop>"),
            ModelProfileDetector.Detect(new ModelFacts("chatglm", 151552, Glm4Tokens.ToHashSet(), null, "GLM-4 9B chat", "glm-4-9b-chat.gguf")));

    [Theory]
    [InlineData("glm-edge-1.5b-chat", "model.gguf", 59264, null, "general.name 'glm-edge-1.5b-chat'")]
    [InlineData("Glm Edge 4b Chat", "model.gguf", 59264, null, "general.name 'Glm Edge 4b Chat'")]
    [InlineData(null, "ggml-model-Q4_0.glm_edge.gguf", 59264, null, "file name 'ggml-model-Q4_0.glm_edge.gguf'")]
    [InlineData("Model", "model.gguf", 59264, null, "vocabulary of 59264 tokens")]
    [InlineData("Model", "model.gguf", 151552, "{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}{% endfor %}<|user|><|assistant|>", "its chat template has role tags but no [gMASK]<sop>")]
    public void GlmEdgeIsRecognisedFromItsNameVocabularyOrTemplate(string? name, string fileName, int vocabularySize, string? template, string sign)
    {
        var detection = ModelProfileDetector.Detect(new ModelFacts("chatglm", vocabularySize, Glm4Tokens.ToHashSet(), template, name, fileName));

        Assert.Equal(new ProfileDetection(ModelProfile.GlmEdge, false, false, sign), detection);
    }

    [Fact]
    public void AGlm4TemplateWithStartTokensIsNoGlmEdgeSign() =>
        Assert.Equal(
            ModelProfile.Glm4,
            ModelProfileDetector.Detect(new ModelFacts("chatglm", 151552, Glm4Tokens.ToHashSet(), "[gMASK]<sop><|user|>\n{{ c }}<|assistant|>")).Profile);

    [Fact]
    public void ChatGlm3IsNeverTakenForGlmEdge() =>
        Assert.Equal(
            ModelProfile.ChatGlm3,
            ModelProfileDetector.Detect(new ModelFacts("chatglm", 65024, new HashSet<string> { "[gMASK]", "sop", "<|user|>" }, "<|user|>\n {{ c }}<|assistant|>")).Profile);

    [Fact]
    public void Missing_facts_are_refused_by_parameter_name()
    {
        var exception = Assert.Throws<ArgumentNullException>(() => ModelProfileDetector.Detect(null!));

        Assert.Equal("facts", exception.ParamName);
    }

    [Fact]
    public void The_infilling_tokens_give_codegeex4_with_token_markers_and_say_so() =>
        Assert.Equal(
            new ProfileDetection(ModelProfile.CodeGeeX4, true, true, "its vocabulary has the <|code_suffix|>, <|code_prefix|> and <|code_middle|> tokens"),
            ModelProfileDetector.Detect(new ModelFacts("chatglm", 151552, new HashSet<string>([.. Glm4Tokens, .. FimTokens]), null)));

    [Fact]
    public void One_infilling_token_without_the_other_two_is_no_codegeex4_sign() =>
        Assert.Equal(
            new ProfileDetection(ModelProfile.Glm4, false, false, "architecture chatglm with GLM-4's bracketed <sop>"),
            ModelProfileDetector.Detect(new ModelFacts("chatglm", 151552, new HashSet<string>([.. Glm4Tokens, "<|code_middle|>"]), null)));

    [Fact]
    public void Architecture_glm4_gives_glm4_0414_and_says_so() =>
        Assert.Equal(
            new ProfileDetection(ModelProfile.Glm4_0414, false, false, "architecture glm4"),
            ModelProfileDetector.Detect(new ModelFacts("glm4", 151552, Glm4Tokens.ToHashSet(), null)));

    [Fact]
    public void The_bracketed_sop_decides_glm4_even_with_chatglm3s_vocabulary_size() =>
        Assert.Equal(
            new ProfileDetection(ModelProfile.Glm4, false, false, "architecture chatglm with GLM-4's bracketed <sop>"),
            ModelProfileDetector.Detect(new ModelFacts("chatglm", 65024, Glm4Tokens.ToHashSet(), "[gMASK]sop{{ content }}")));

    // Each ChatGLM3 sign is checked alone: the bare sop first, then the vocabulary size, then the template.
    [Theory]
    [InlineData(true, 65024, null, ModelProfile.ChatGlm3, "control token 'sop' without brackets")]
    [InlineData(true, 64000, null, ModelProfile.ChatGlm3, "control token 'sop' without brackets")]
    [InlineData(false, 65024, null, ModelProfile.ChatGlm3, "vocabulary of 65024 tokens")]
    [InlineData(false, 64000, "[gMASK]sop{% for m in messages %}{{ m['content'] }}{% endfor %}", ModelProfile.ChatGlm3, "chat template starts with [gMASK]sop")]
    [InlineData(false, 64000, "{% for m in messages %}{{ m['content'] }}{% endfor %}", ModelProfile.Glm4, "architecture chatglm with GLM-4's bracketed <sop>")]
    [InlineData(false, 64000, null, ModelProfile.Glm4, "architecture chatglm with GLM-4's bracketed <sop>")]
    public void Chatglm3_is_recognised_from_each_of_its_signs(bool bareSop, int vocabularySize, string? template, ModelProfile profile, string evidence)
    {
        var tokens = new HashSet<string> { "[gMASK]", "<|user|>" };
        if (bareSop)
        {
            tokens.Add("sop");
        }

        var detection = ModelProfileDetector.Detect(new ModelFacts("chatglm", vocabularySize, tokens, template));

        Assert.Equal(new ProfileDetection(profile, false, false, evidence), detection);
    }

    private static (ModelProfile, bool) Detect(string architecture, int vocabularySize, string[] tokens)
    {
        var (profile, fim) = ModelProfileDetector.Detect(new ModelFacts(architecture, vocabularySize, tokens.ToHashSet(), null));
        return (profile, fim);
    }
}
