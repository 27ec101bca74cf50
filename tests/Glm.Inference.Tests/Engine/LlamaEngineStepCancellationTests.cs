using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

/// <summary>
/// Cancellation between decode steps, on its own. On the CPU backend llama.cpp's abort callback stops the next decode
/// call as well, which would hide a missing check; a GPU backend does not honour that callback for offloaded work. With
/// <see cref="AbortPollHooks"/> that do not honour the abort, the callback is polled but never aborts, as there, so only the
/// engine's own checks between steps can end a cancelled generation. The cancellation is made from inside a decode
/// call (the abort-callback hook), so the step it lands in is known and nothing depends on timing.
/// </summary>
[Trait("Speed", "Slow")]
public class LlamaEngineStepCancellationTests
{
    private const string Prefix = "[gMASK]<sop>";

    [Fact]
    public async Task A_cancellation_during_a_prompt_chunk_stops_before_the_next_chunk_and_keeps_the_evaluated_one()
    {
        using var cancellation = new CancellationTokenSource();
        var armed = 0;
        var hooks = IgnoringAbort(running =>
        {
            if (Volatile.Read(ref armed) == 1)
            {
                CancelFromInsideTheDecode(cancellation, running);
            }
        });
        await using var engine = await LlamaEngine.LoadAsync(Options, null, null, hooks, CancellationToken.None);
        // 302 tokens: four chunks of 64 and one of 46.
        var prompt = new RawPrompt(Prefix + EngineTestModels.Words(0, 300));
        var before = engine.Statistics;

        Volatile.Write(ref armed, 1);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.RunAsync(prompt, new GenerationOptions { MaxTokens = 3 }, cancellationToken: cancellation.Token));
        Volatile.Write(ref armed, 0);

        // The first chunk's decode ran to its end (the callback was ignored); the check before the second chunk stopped it.
        Assert.Equal(before.TotalTokensEvaluated + 64, engine.Statistics.TotalTokensEvaluated);
        Assert.Equal(before.TotalTokensGenerated, engine.Statistics.TotalTokensGenerated);
        Assert.Equal(before.RequestsCompleted, engine.Statistics.RequestsCompleted);
        // The evaluated chunk stays in the slot and is reused: its token list matched its KV memory.
        var next = await engine.RunAsync(prompt, new GenerationOptions { MaxTokens = 3 });
        Assert.Equal(EngineTestModels.Words(300, 3), next.Text);
        Assert.Equal(64, next.Stats.ReusedPromptTokens);
        Assert.Equal(302 - 64, next.Stats.EvaluatedPromptTokens);
    }

    [Fact]
    public async Task A_cancellation_during_a_generated_token_stops_before_the_next_token()
    {
        using var cancellation = new CancellationTokenSource();
        var prompt = new RawPrompt(Prefix + EngineTestModels.Words(0, 20));
        const int PromptTokens = 22;
        LlamaEngine? loaded = null;
        long cancelAt = long.MaxValue;
        var hooks = IgnoringAbort(running =>
        {
            // Evaluated count P + 3 means three generated tokens were decoded: this poll is inside the fourth one's decode.
            if (loaded is { } engine && engine.Statistics.TotalTokensEvaluated >= Volatile.Read(ref cancelAt))
            {
                CancelFromInsideTheDecode(cancellation, running);
            }
        });
        await using var engine = await LlamaEngine.LoadAsync(Options, null, null, hooks, CancellationToken.None);
        loaded = engine;
        var before = engine.Statistics;

        Volatile.Write(ref cancelAt, before.TotalTokensEvaluated + PromptTokens + 3);
        var chunks = new List<string>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var chunk in engine.GenerateAsync(new GenerationRequest(prompt, new GenerationOptions { MaxTokens = 200 }), cancellation.Token))
            {
                chunks.Add(chunk.Text);
            }
        });
        Volatile.Write(ref cancelAt, long.MaxValue);

        // Four tokens sampled, four decoded (the fourth's decode ignored the cancellation), no fifth sampled.
        Assert.Equal(before.TotalTokensGenerated + 4, engine.Statistics.TotalTokensGenerated);
        Assert.Equal(before.TotalTokensEvaluated + PromptTokens + 4, engine.Statistics.TotalTokensEvaluated);
        Assert.Equal(before.RequestsCompleted, engine.Statistics.RequestsCompleted);
        Assert.Equal(EngineTestModels.Words(20, 4), string.Concat(chunks));
        var next = await engine.RunAsync(prompt, new GenerationOptions { MaxTokens = 3 });
        Assert.Equal(EngineTestModels.Words(20, 3), next.Text);
    }

    [Fact]
    public async Task With_the_callback_ignored_an_uncancelled_generation_is_unchanged()
    {
        await using var engine = await LlamaEngine.LoadAsync(Options, null, null, IgnoringAbort(_ => { }), CancellationToken.None);

        var result = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 300)), new GenerationOptions { MaxTokens = 5 });

        Assert.Equal(EngineTestModels.Words(300, 5), result.Text);
        Assert.Equal(302, result.Stats.EvaluatedPromptTokens);
    }

    private static EngineOptions Options { get; } = new(EngineTestModels.Long)
    {
        ContextSize = 2048,
        BatchSize = 64,
        MicroBatchSize = 64,
        Slots = 1,
        Threads = 1,
    };

    private static AbortPollHooks IgnoringAbort(Action<CancellationToken> polled) => new(polled, honourAbort: false);

    /// <summary>Cancels the caller's token and waits until the job's linked token has it, once per source.</summary>
    private static void CancelFromInsideTheDecode(CancellationTokenSource cancellation, CancellationToken running)
    {
        if (cancellation.IsCancellationRequested)
        {
            return;
        }

        // Not Cancel(): it would run the token's callbacks here, on the inference thread inside native code.
        _ = cancellation.CancelAsync();
        SpinWait.SpinUntil(() => running.IsCancellationRequested, TimeSpan.FromSeconds(10));
    }
}
