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
}
