using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Glm.TestModels;

namespace Glm.Inference.Tests.Engine;

/// <summary>Exact greedy outputs through the real llama.cpp path.</summary>
[Trait("Speed", "Slow")]
public class LlamaEngineOutputTests
{
    [Fact]
    public async Task RawPromptContinuesWithTheRestOfTheCorpus()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Default);

        var result = await engine.RunAsync(new RawPrompt("[gMASK]<sop>Good documentation explains why"));

        Assert.Equal(
            " the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。",
            result.Text);
        Assert.Equal(StopReason.EndOfText, result.Stats.StopReason);
        Assert.False(result.Stats.PromptTruncated);
    }

    [Fact]
    public async Task ChatPromptIsAnsweredAsTheCorpusScriptsIt()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Default);

        var result = await engine.RunAsync(ChatPrompt.FromUser("Hello"));

        Assert.Equal(DefaultCorpus.ChatAnswer, result.Text);
        Assert.Equal(StopReason.EndOfText, result.Stats.StopReason);
    }

    [Fact]
    public async Task AChatTemplateLlamaCppCannotRenderFallsBackToTheBuiltInFormat()
    {
        var path = TestModelFiles.Predictable(
            DefaultCorpus.Text, new PredictableModelOptions { ChatTemplate = "{{ no template llama.cpp knows }}" });
        await using var engine = await EngineTestModels.LoadAsync(path);

        var result = await engine.RunAsync(ChatPrompt.FromUser("Hello"));

        Assert.Equal(DefaultCorpus.ChatAnswer, result.Text);
    }

    [Fact]
    public async Task FillInTheMiddleOnAModelWithoutItContinuesThePrefix()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Default);

        var result = await engine.RunAsync(
            new FillInTheMiddlePrompt("Good documentation explains why the code exists,", "}", "a.md", "Markdown"),
            new GenerationOptions { MaxTokens = 4 });

        Assert.Equal(" not merely what it", result.Text);
        Assert.Equal(10, result.Stats.PromptTokens);
    }

    [Fact]
    public async Task DescriptionNamesTheModelAndItsProfile()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Default, contextSize: 2048, slots: 2);

        Assert.Equal("glm-lsp predictable test model", engine.Model.Name);
        Assert.Equal(ModelProfile.Glm4, engine.Model.Profile);
        Assert.False(engine.Model.SupportsFillInTheMiddle);
        Assert.Equal(1024, engine.Model.ContextLength);
        Assert.EndsWith(", 1 threads", engine.Model.Backend, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountTokensUsesTheModelsTokenizerOnPlainText()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Default);

        Assert.Equal(3, engine.CountTokens("Good documentation explains"));
        // Content is plain text: a document spelling a control token counts its characters (no merge applies to them).
        Assert.Equal(7, engine.CountTokens("[gMASK]"));
    }

    [Fact]
    public async Task ByteTokensOfOneCharacterAreStreamedAsOneWholeCharacter()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.ByteTokens);

        var tail = await engine.RunAsync(new RawPrompt("[gMASK]<sop> 山川异域，风月同天"));
        var whole = await engine.RunAsync(new RawPrompt("[gMASK]<sop>Good"));

        Assert.Equal(["。"], tail.Chunks);
        Assert.Equal(4, tail.Stats.GeneratedTokens);
        Assert.DoesNotContain(whole.Chunks, c => c.Contains('\uFFFD', StringComparison.Ordinal));
        Assert.Equal(DefaultCorpus.Prose["Good".Length..], whole.Text);
    }

    [Fact]
    public async Task MissingFileIsReportedWithItsPath()
    {
        var path = Path.Combine(Path.GetTempPath(), "glm-lsp-no-such-model.gguf");

        var exception = await Assert.ThrowsAsync<FileNotFoundException>(() => EngineTestModels.LoadAsync(path));

        Assert.Equal($"Model file not found: {path}", exception.Message);
    }
}
