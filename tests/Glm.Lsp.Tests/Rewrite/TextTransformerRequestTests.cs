using Glm.Inference.Generation;
using Glm.Lsp.Rewrite;
using Glm.Lsp.Settings;
using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests.Rewrite;

/// <summary>What a rewrite asks of the generator (answer length, sampling, priority), ChatGLM3's header line, and which
/// instructions count as Chinese.</summary>
public sealed class TextTransformerRequestTests
{
    private static readonly GlmSettings Settings = SettingsCatalog.Defaults with { Temperature = 0.5, SpeculativeDecoding = false, MaxTokens = 64 };

    [Theory]
    [InlineData(9, 64)]
    [InlineData(40, 112)]
    public async Task TheAnswerMayHaveTwiceTheTextAndSlack_AtLeastTheMaxTokensSetting(int length, int maxTokens)
    {
        var generator = new ScriptedGenerator { Respond = _ => "Done." };

        await TextTransformer.TransformAsync(generator, Settings, "Shorten it.", new string('a', length), null, CancellationToken.None);

        var request = Assert.Single(generator.Requests);
        Assert.Equal((maxTokens, 0.5f, false, RequestPriority.UserAction), (request.Options.MaxTokens, request.Options.Temperature, request.Options.SpeculativeDecoding, request.Priority));
    }

    [Theory]
    [InlineData(ModelProfile.ChatGlm3, "Short text.")]
    [InlineData(ModelProfile.Glm4, "metadata\nShort text.")]
    public async Task OnlyChatGlm3sAnswer_LosesItsHeaderLine(ModelProfile profile, string result)
    {
        var generator = new ScriptedGenerator { Respond = _ => "metadata\nShort text.", Model = new("scripted", profile, false, 4096, "scripted") };

        Assert.Equal(result, await TextTransformer.TransformAsync(generator, Settings, "Shorten it.", "some text", null, CancellationToken.None));
    }

    [Theory]
    [InlineData("\u4e00", true)]
    [InlineData("\u9fff", true)]
    [InlineData("\u3400", true)]
    [InlineData("\u4dbf", true)]
    [InlineData("\u4dff", false)]
    [InlineData("\ua000", false)]
    [InlineData("\u33ff", false)]
    [InlineData("\u4dc0", false)]
    [InlineData("plain ASCII", false)]
    public void ChineseText_IsTheUnifiedIdeographsAndExtensionA(string text, bool chinese) =>
        Assert.Equal(chinese, ChineseText.Contains(text));

    [Fact]
    public void AChunkBudgetBelowOneToken_IsRefused() =>
        Assert.Equal("maxTokens", Assert.Throws<ArgumentOutOfRangeException>(() => TextChunker.Split("text", 0, t => t.Length)).ParamName);
}
