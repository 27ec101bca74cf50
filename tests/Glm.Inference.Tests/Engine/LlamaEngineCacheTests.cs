using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

/// <summary>KV reuse, cancellation and prompt cutting on the long corpus of distinct words (one token each).</summary>
[Trait("Speed", "Slow")]
public class LlamaEngineCacheTests
{
    private const string Prefix = "[gMASK]<sop>";
    private static readonly GenerationOptions ThreeTokens = new() { MaxTokens = 3 };

    [Fact]
    public async Task ChangingTheLastTenTokensEvaluatesOnlyThoseTen()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);

        var first = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 1000)), ThreeTokens);
        var changed = await engine.RunAsync(
            new RawPrompt(Prefix + EngineTestModels.Words(0, 990) + EngineTestModels.Words(1200, 10)), ThreeTokens);

        Assert.Equal(EngineTestModels.Words(1000, 3), first.Text);
        Assert.Equal(1002, first.Stats.EvaluatedPromptTokens);
        Assert.Equal(EngineTestModels.Words(1210, 3), changed.Text);
        Assert.Equal(1002, changed.Stats.PromptTokens);
        Assert.Equal(10, changed.Stats.EvaluatedPromptTokens);
        Assert.Equal(first.Stats.SlotId, changed.Stats.SlotId);
    }

    [Fact]
    public async Task AnUnrelatedPromptTakesTheOtherSlotAndEvaluatesEverything()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);

        var first = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 1000)), ThreeTokens);
        var unrelated = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(500, 300)), ThreeTokens);
        var again = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 1000)), ThreeTokens);

        Assert.Equal(EngineTestModels.Words(800, 3), unrelated.Text);
        Assert.Equal(302, unrelated.Stats.EvaluatedPromptTokens);
        Assert.NotEqual(first.Stats.SlotId, unrelated.Stats.SlotId);
        // The whole prompt is cached; one token is evaluated again to get the logits of the first answer token.
        Assert.Equal(1, again.Stats.EvaluatedPromptTokens);
        Assert.Equal(EngineTestModels.Words(1000, 3), again.Text);
    }

    [Fact]
    public async Task CancellationStopsWithinOneStepAndTheSlotKeepsWhatWasEvaluated()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);
        var prompt = Prefix + EngineTestModels.Words(0, 100);
        using var cancellation = new CancellationTokenSource();
        var before = engine.Statistics;
        long generatedAtCancel = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            var request = new GenerationRequest(new RawPrompt(prompt), new GenerationOptions { MaxTokens = 1000 });
            await foreach (var chunk in engine.GenerateAsync(request, cancellation.Token))
            {
                // Chunks made before the engine saw the cancellation still arrive; only the first one cancels.
                if (!cancellation.IsCancellationRequested)
                {
                    // Read just after cancelling: a busy machine may pause this thread between the two statements, and
                    // the tokens made meanwhile must not count against the engine.
                    cancellation.Cancel();
                    generatedAtCancel = engine.Statistics.TotalTokensGenerated;
                }
            }
        });

        var after = engine.Statistics;
        var evaluatedByCancelled = (int)(after.TotalTokensEvaluated - before.TotalTokensEvaluated);
        Assert.InRange(after.TotalTokensGenerated - generatedAtCancel, 0, 1);
        Assert.True(after.TotalTokensGenerated - before.TotalTokensGenerated < 1000);

        // Greedy output is the corpus, so the prompt plus everything the cancelled request could have written is cached
        // exactly as far as it was evaluated.
        var next = await engine.RunAsync(new RawPrompt(prompt + EngineTestModels.Words(100, 1000)), ThreeTokens);
        Assert.Equal(evaluatedByCancelled, next.Stats.ReusedPromptTokens);
        Assert.Equal(EngineTestModels.Words(1100, 3), next.Text);
    }

    [Fact]
    public async Task APromptLongerThanTheContextIsCutFromTheStartAndStillAnswered()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 2048);

        var result = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 1200)), new GenerationOptions { MaxTokens = 4 });

        Assert.True(result.Stats.PromptTruncated);
        Assert.Equal(1024 - 4, result.Stats.PromptTokens);
        Assert.Equal(EngineTestModels.Words(1200, 4), result.Text);
    }

    [Fact]
    public async Task A_prompt_of_exactly_two_batches_is_evaluated_in_two_decode_calls()
    {
        var decodeCalls = 0;
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(EngineTestModels.Long) { ContextSize = 2048, Slots = 1, Threads = 1, BatchSize = 64 },
            null,
            null,
            new DecodeCallObserver(() => decodeCalls++),
            CancellationToken.None);

        // 128 tokens: the second batch ends the prompt exactly, and no empty third batch may follow it.
        var result = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 126)), ThreeTokens);

        Assert.Equal(EngineTestModels.Words(126, 3), result.Text);
        Assert.Equal(128, result.Stats.EvaluatedPromptTokens);
        Assert.Equal(128 + 2, engine.Statistics.TotalTokensEvaluated);
        // Two for the prompt, one for each of the two answer tokens fed back.
        Assert.Equal(2 + 2, decodeCalls);
    }

    [Fact]
    public async Task GenerationStopsWhenTheSlotIsFullInsteadOfFailing()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 512);

        var result = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 200)), new GenerationOptions { MaxTokens = 1000 });

        // 256 tokens per slot: the prompt keeps half of them (the other half is room for the answer), and the answer
        // fills the slot up to its last position.
        Assert.Equal(256, engine.Model.ContextLength);
        Assert.True(result.Stats.PromptTruncated);
        Assert.Equal(128, result.Stats.PromptTokens);
        Assert.Equal(129, result.Stats.GeneratedTokens);
        Assert.Equal(StopReason.MaxTokens, result.Stats.StopReason);
        Assert.Equal(EngineTestModels.Words(200, 129), result.Text);
    }
}
