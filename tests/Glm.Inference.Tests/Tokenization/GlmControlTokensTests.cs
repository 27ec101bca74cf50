using System.Reflection;
using Glm.Inference.Prompts;
using Glm.Inference.Tokenization;
using Glm.TestModels;

namespace Glm.Inference.Tests.Tokenization;

/// <summary>Every list of GLM control tokens is built from the one declaration, so none can name a token the others miss.</summary>
public sealed class GlmControlTokensTests
{
    private static IReadOnlyList<string> DeclaredNames() =>
    [
        .. typeof(GlmControlTokens).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!),
    ];

    [Fact]
    public void All_HoldsEveryDeclaredTokenOnce()
    {
        Assert.Equal(22, DeclaredNames().Count);
        Assert.Equal(DeclaredNames().Order(StringComparer.Ordinal), GlmControlTokens.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryDerivedList_IsMadeOfTokensTheVocabularyLooksUp()
    {
        IReadOnlyList<string>[] lists =
        [
            GlmControlTokens.Glm4Added, GlmControlTokens.Stop, GlmControlTokens.Distinguishing, GlmControlTokens.FillInTheMiddleMarkers,
            CodeGeeX4Infill.Markers, .. Enum.GetValues<TestModelLayout>().Select(GlmSpecialTokens.For),
        ];

        Assert.All(lists, list => Assert.Empty(list.Except(GlmControlTokens.All)));
    }

    [Fact]
    public void Glm4Added_IsInTheRealTokenizersIdOrder()
    {
        // zai-org/glm-4-9b-chat tokenizer_config.json: ids 151329 (<|endoftext|>) to 151342 (<|end_of_video|>).
        Assert.Equal(
            [
                "<|endoftext|>", "[MASK]", "[gMASK]", "[sMASK]", "<sop>", "<eop>", "<|system|>", "<|user|>", "<|assistant|>",
                "<|observation|>", "<|begin_of_image|>", "<|end_of_image|>", "<|begin_of_video|>", "<|end_of_video|>",
            ],
            GlmControlTokens.Glm4Added);
        Assert.Equal(GlmControlTokens.Glm4Added, GlmSpecialTokens.For(TestModelLayout.CodeGeeX4));
    }
}
