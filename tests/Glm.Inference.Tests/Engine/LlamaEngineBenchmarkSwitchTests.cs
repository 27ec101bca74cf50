using System.Diagnostics;
using Glm.Inference.Engine;
using Glm.Inference.Gguf;
using GlmShape = Glm.TestModels.GlmShape;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

/// <summary>What the server-path benchmarks rely on: the reuse switch, the changed-token count, and a cancellation that
/// stops a running decode call instead of waiting for it.</summary>
[Trait("Speed", "Slow")]
public class LlamaEngineBenchmarkSwitchTests
{
    private const string Prefix = "[gMASK]<sop>";
    private static readonly GenerationOptions ThreeTokens = new() { MaxTokens = 3 };

    [Fact]
    public async Task WithoutPromptReuseEveryPromptIsEvaluatedInFullAndAnswersTheSame()
    {
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(EngineTestModels.Long) { ContextSize = 4096, Slots = 1, Threads = 1, ReusePromptCache = false }, null, null, CancellationToken.None);

        var first = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 1000)), ThreeTokens);
        var again = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 1000)), ThreeTokens);

        Assert.Equal(EngineTestModels.Words(1000, 3), again.Text);
        Assert.Equal(1002, again.Stats.EvaluatedPromptTokens);
        Assert.Equal(0, again.Stats.ReusedPromptTokens);
        // Nothing changed since the previous request: a cache could have reused it all.
        Assert.Equal(0, again.Stats.ChangedPromptTokens);
        Assert.Equal(1002, first.Stats.ChangedPromptTokens);
    }

    [Fact]
    public async Task ChangedPromptTokensCountsFromTheDivergenceWithThePreviousRequest()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);

        await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 1000)), ThreeTokens);
        var changed = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 990) + EngineTestModels.Words(1200, 12)), ThreeTokens);

        Assert.Equal(1004, changed.Stats.PromptTokens);
        Assert.Equal(992, changed.Stats.CommonPrefixWithPreviousPrompt);
        Assert.Equal(12, changed.Stats.ChangedPromptTokens);
        Assert.Equal(12, changed.Stats.EvaluatedPromptTokens);
    }
}
