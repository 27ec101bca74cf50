using System.Diagnostics;
using Glm.Inference.Engine;
using Glm.Inference.Gguf;
using GlmShape = Glm.Inference.TestModels.GlmShape;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

/// <summary>What the server-path benchmarks rely on: the reuse switch, the changed-token count, and a cancellation that
/// stops a running decode call instead of waiting for it.</summary>
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

    [Fact]
    public async Task CancellingDuringAPromptChunkStopsTheDecodeCallAndKeepsTheSlotUsable()
    {
        // One ChatGLM3-6B-sized layer and the whole prompt (about 1,500 tokens) in one chunk: the decode call takes about
        // a second on a quiet machine and longer on a busy one, so a cancellation after 300 ms lands inside it (with a
        // 500-token prompt a quiet CI machine finished the chunk before the cancellation).
        var model = global::Glm.Inference.TestModels.TestModels.Shaped(GlmShape.ChatGlm3_6B, 1, GgmlType.Q4_0);
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(model) { ContextSize = 4096, BatchSize = 2048, Slots = 1, Threads = 1 }, null, null, CancellationToken.None);
        var prompt = new RawPrompt(Prefix + string.Join(' ', Enumerable.Range(0, 600).Select(i => $"w{i}")));
        var before = engine.Statistics;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in engine.GenerateAsync(new GenerationRequest(prompt, ThreeTokens), cancellation.Token))
            {
            }
        });

        // Without the abort callback the whole chunk would have been evaluated before the cancellation was seen.
        Assert.Equal(before.TotalTokensEvaluated, engine.Statistics.TotalTokensEvaluated);
        var next = await engine.RunAsync(prompt, new GenerationOptions { MaxTokens = 1 });
        Assert.Equal(0, next.Stats.ReusedPromptTokens);
        Assert.Equal(next.Stats.PromptTokens, next.Stats.EvaluatedPromptTokens);
        Assert.True(next.Stats.PromptTokens > 1200, $"the prompt has {next.Stats.PromptTokens} tokens, {clock.Elapsed} elapsed");
    }
}
