using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

/// <summary>
/// A cancellation that arrives while llama_decode runs stops that call through the abort callback, and the slot stays
/// usable. The cancellation is made from inside the decode call (the engine's abort-callback hook), so the test cannot
/// race the decode's end the way a timer could.
/// </summary>
[Trait("Speed", "Slow")]
public class LlamaEngineMidDecodeCancellationTests
{
    private const string Prefix = "[gMASK]<sop>";
    private static readonly GenerationOptions ThreeTokens = new() { MaxTokens = 3 };

    [Fact]
    public async Task A_cancellation_inside_a_decode_call_aborts_the_call_and_the_next_generation_is_exact()
    {
        using var cancellation = new CancellationTokenSource();
        var armed = 0;
        var polls = 0;
        var options = new EngineOptions(EngineTestModels.Long)
        {
            // The whole 1,002-token prompt in one decode call and one micro-batch.
            ContextSize = 4096,
            BatchSize = 2048,
            MicroBatchSize = 2048,
            Slots = 1,
            Threads = 1,
        };
        var hooks = new AbortPollHooks(running =>
        {
            if (Volatile.Read(ref armed) == 1 && Interlocked.Increment(ref polls) == 1)
            {
                // Not Cancel(): it would run the token's callbacks here, on the inference thread inside native code.
                _ = cancellation.CancelAsync();
                // The job's token is linked to the caller's; wait until the link has carried the cancellation over,
                // so the callback answers "abort" to this very poll.
                SpinWait.SpinUntil(() => running.IsCancellationRequested, TimeSpan.FromSeconds(10));
            }
        });
        await using var engine = await LlamaEngine.LoadAsync(options, null, null, hooks, CancellationToken.None);
        var prompt = new RawPrompt(Prefix + EngineTestModels.Words(0, 1000));
        var before = engine.Statistics;

        Volatile.Write(ref armed, 1);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in engine.GenerateAsync(new GenerationRequest(prompt, ThreeTokens), cancellation.Token))
            {
            }
        });
        Volatile.Write(ref armed, 0);

        Assert.True(polls >= 1, "the abort callback was never polled during the prompt's decode call");
        // A completed call would have counted its 1,002 tokens: the call returned aborted.
        Assert.Equal(before.TotalTokensEvaluated, engine.Statistics.TotalTokensEvaluated);
        var next = await engine.RunAsync(prompt, ThreeTokens);
        Assert.Equal(EngineTestModels.Words(1000, 3), next.Text);
        // The aborted call's KV entries were removed: nothing is reused, all of the prompt is evaluated again.
        Assert.Equal(0, next.Stats.ReusedPromptTokens);
        Assert.Equal(1002, next.Stats.EvaluatedPromptTokens);
    }

    [Fact]
    public async Task A_call_aborted_in_its_second_micro_batch_keeps_nothing_of_its_first_in_the_slot()
    {
        using var cancellation = new CancellationTokenSource();
        var counting = 0;
        var polls = 0;
        var cancelAtPoll = int.MaxValue;
        var options = new EngineOptions(EngineTestModels.Long)
        {
            // 128 new tokens make one decode call of two micro-batches.
            ContextSize = 2048,
            BatchSize = 128,
            MicroBatchSize = 64,
            Slots = 1,
            Threads = 1,
        };
        var hooks = new AbortPollHooks(running =>
        {
            if (Volatile.Read(ref counting) == 1 && Interlocked.Increment(ref polls) == Volatile.Read(ref cancelAtPoll))
            {
                _ = cancellation.CancelAsync();
                SpinWait.SpinUntil(() => running.IsCancellationRequested, TimeSpan.FromSeconds(10));
            }
        });
        await using var engine = await LlamaEngine.LoadAsync(options, null, null, hooks, CancellationToken.None);

        // Counts the polls of one such call: a 128-token prompt on the empty slot, its one answer token from the logits.
        Volatile.Write(ref counting, 1);
        await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 126)), new GenerationOptions { MaxTokens = 1 });
        Volatile.Write(ref counting, 0);
        var pollsPerCall = Volatile.Read(ref polls);

        // The same shape after the shared [gMASK]<sop>, cancelled three quarters of the way through: in the second
        // micro-batch, after the first has written its KV entries.
        var prompt = new RawPrompt(Prefix + EngineTestModels.Words(1000, 128));
        var before = engine.Statistics;
        Volatile.Write(ref polls, 0);
        Volatile.Write(ref cancelAtPoll, pollsPerCall * 3 / 4);
        Volatile.Write(ref counting, 1);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.RunAsync(prompt, ThreeTokens, cancellationToken: cancellation.Token));
        Volatile.Write(ref counting, 0);

        Assert.True(Volatile.Read(ref polls) >= pollsPerCall * 3 / 4, $"the call was polled {polls} times, not {pollsPerCall * 3 / 4}");
        Assert.Equal(before.TotalTokensEvaluated, engine.Statistics.TotalTokensEvaluated);
        Assert.Equal(2, engine.Statistics.Slots[0].CachedTokens);
        var next = await engine.RunAsync(prompt, ThreeTokens);
        Assert.Equal(EngineTestModels.Words(1128, 3), next.Text);
        Assert.Equal(2, next.Stats.ReusedPromptTokens);
        Assert.Equal(128, next.Stats.EvaluatedPromptTokens);
    }
}
