using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

/// <summary>
/// Background prefill on the real engine and the long corpus of distinct words (one token each, greedy output continues
/// the corpus): what it caches, what a request then evaluates, and how requests, newer prefills and cancellation stop
/// it. Interruptions land at known points through the engine's test hooks (between two chunks, inside a decode call).
/// </summary>
[Trait("Speed", "Slow")]
public class LlamaEnginePrefillTests
{
    private const string Prefix = "[gMASK]<sop>";
    private const int Chunk = InferenceWorker.PrefillChunkTokens;
    private static readonly GenerationOptions ThreeTokens = new() { MaxTokens = 3 };

    /// <summary>602 tokens: enough chunks to stop in the middle of.</summary>
    private static readonly GenerationRequest LongRequest = Request(0, 600);

    /// <summary>Shares only [gMASK]&lt;sop&gt; with <see cref="LongRequest"/>, so it goes to the other slot.</summary>
    private static readonly GenerationRequest UnrelatedRequest = Request(1000, 50);

    [Fact]
    public async Task A_prefill_then_the_same_request_evaluates_only_the_last_prompt_token()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);
        var request = Request(0, 300);

        var prefill = await engine.PrefillAsync(request);
        var answer = await RunAsync(engine, request);

        Assert.Equal(new PrefillResult(PromptTokens: 302, CachedTokens: 302, EvaluatedTokens: 302, Preempted: false), prefill);
        Assert.Equal(EngineTestModels.Words(300, 3), answer.Text);
        Assert.Equal(302, answer.Stats.PromptTokens);
        Assert.Equal(301, answer.Stats.ReusedPromptTokens);
        Assert.Equal(1, answer.Stats.EvaluatedPromptTokens);
        var statistics = engine.Statistics;
        Assert.Equal((1, 0, 302), (statistics.Prefills, statistics.PrefillsPreempted, statistics.PrefillEvaluatedTokens));
        // The one re-evaluated prompt token and the two generated ones that were fed back.
        Assert.Equal(302 + 1 + 2, statistics.TotalTokensEvaluated);
    }

    [Fact]
    public async Task A_request_that_extends_the_prefilled_prompt_evaluates_only_the_extension()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);

        await engine.PrefillAsync(Request(0, 300));
        var answer = await RunAsync(engine, Request(0, 320));

        Assert.Equal(EngineTestModels.Words(320, 3), answer.Text);
        Assert.Equal(302, answer.Stats.ReusedPromptTokens);
        Assert.Equal(20, answer.Stats.EvaluatedPromptTokens);
    }

    [Fact]
    public async Task A_prefill_of_a_prompt_already_cached_evaluates_nothing()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);
        var request = Request(0, 300);
        var first = await RunAsync(engine, request);
        var evaluatedBefore = engine.Statistics.TotalTokensEvaluated;

        var prefill = await engine.PrefillAsync(request);
        var cached = engine.Statistics.Slots[first.Stats.SlotId].CachedTokens;
        var again = await RunAsync(engine, request);

        Assert.Equal(new PrefillResult(302, 302, 0, false), prefill);
        Assert.Equal(302 + 2, cached);
        Assert.Equal(1, engine.Statistics.Prefills);
        Assert.Equal(0, engine.Statistics.PrefillEvaluatedTokens);
        // The slot kept the prompt and the answer's first two tokens; the prefill dropped none of them.
        Assert.Equal(301, again.Stats.ReusedPromptTokens);
        Assert.Equal(EngineTestModels.Words(300, 3), again.Text);
        Assert.Equal(evaluatedBefore + 1 + 2, engine.Statistics.TotalTokensEvaluated);
    }

    [Fact]
    public async Task Without_prompt_reuse_a_prefill_evaluates_nothing()
    {
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(EngineTestModels.Long) { ContextSize = 4096, Slots = 1, Threads = 1, ReusePromptCache = false }, null, null, CancellationToken.None);

        var prefill = await engine.PrefillAsync(Request(0, 300));
        Assert.Equal(0, engine.Statistics.TotalTokensEvaluated);
        // The request runs on the inference thread after the prefill has ended there: the counters then hold all it did.
        var answer = await RunAsync(engine, Request(0, 300));

        Assert.Equal(new PrefillResult(302, 0, 0, Preempted: false), prefill);
        Assert.Equal(EngineTestModels.Words(300, 3), answer.Text);
        Assert.Equal(302, answer.Stats.EvaluatedPromptTokens);
        var statistics = engine.Statistics;
        Assert.Equal((1, 0, 0), (statistics.Prefills, statistics.PrefillsPreempted, statistics.PrefillEvaluatedTokens));
        Assert.Equal(302 + 2, statistics.TotalTokensEvaluated);
    }

    [Fact]
    public async Task A_prefill_holds_its_slot_while_it_runs_reports_each_chunk_once_and_then_frees_the_slot()
    {
        var hooks = new PrefillHooks();
        await using var engine = await LoadAsync(hooks);
        var seen = new List<(int Cached, bool Running, bool[] Busy)>();
        hooks.ChunkEvaluated = cached =>
        {
            var statistics = engine.Statistics;
            seen.Add((cached, statistics.RequestRunning, [.. statistics.Slots.Select(s => s.Busy)]));
        };

        // 128 tokens: exactly two chunks, and nothing after the second.
        var prefill = await engine.PrefillAsync(Request(0, 2 * Chunk - 2));

        Assert.Equal(new PrefillResult(2 * Chunk, 2 * Chunk, 2 * Chunk, Preempted: false), prefill);
        Assert.Equal([Chunk, 2 * Chunk], seen.Select(s => s.Cached));
        Assert.All(seen, s =>
        {
            Assert.True(s.Running);
            Assert.Equal([true, false], s.Busy);
        });
        var after = engine.Statistics;
        Assert.False(after.RequestRunning);
        Assert.Equal([new KvSlotState(0, false, 2 * Chunk), new KvSlotState(1, false, 0)], after.Slots);
    }

    [Fact]
    public async Task A_prefill_drops_the_diverging_tail_of_the_slot_it_continues()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);
        var first = await RunAsync(engine, Request(0, 300));
        // Shares 202 tokens with the 304 the slot holds (the prompt and two answer words), then goes on with other words.
        var diverging = new GenerationRequest(new RawPrompt(Prefix + EngineTestModels.Words(0, 200) + EngineTestModels.Words(900, 51)), ThreeTokens);

        var prefill = await engine.PrefillAsync(diverging);
        var answer = await RunAsync(engine, diverging);

        Assert.Equal(new PrefillResult(253, 253, 51, Preempted: false), prefill);
        Assert.Equal(first.Stats.SlotId, answer.Stats.SlotId);
        Assert.Equal(1, answer.Stats.EvaluatedPromptTokens);
        Assert.Equal(EngineTestModels.Words(951, 3), answer.Text);
    }

    [Fact]
    public async Task A_prefilled_slot_counts_as_just_used_so_an_equally_cheap_request_takes_the_other_slot()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);
        await engine.PrefillAsync(Request(0, 8));

        // Ten tokens either way: all ten in the empty slot, or eight in slot 0 plus a quarter for each of its eight dropped.
        var unrelated = await RunAsync(engine, Request(500, 8));
        var prefilled = await RunAsync(engine, Request(0, 8));

        Assert.Equal(1, unrelated.Stats.SlotId);
        Assert.Equal(EngineTestModels.Words(508, 3), unrelated.Text);
        Assert.Equal(0, prefilled.Stats.SlotId);
        Assert.Equal(1, prefilled.Stats.EvaluatedPromptTokens);
    }

    [Fact]
    public async Task Disposing_the_engine_while_a_prefill_runs_fails_it_as_cancelled_not_preempted()
    {
        var hooks = new PrefillHooks();
        var engine = await LoadAsync(hooks);
        Task? disposal = null;
        hooks.ChunkEvaluated = _ =>
        {
            // On the inference thread between two chunks: disposing cancels the running prefill, then waits for this thread.
            disposal ??= engine.DisposeAsync().AsTask();
        };

        var exception = await Assert.ThrowsAsync<OperationCanceledException>(() => engine.PrefillAsync(LongRequest));
        await disposal!;

        Assert.Equal("The generation was cancelled.", exception.Message);
        Assert.Equal((1, 0, Chunk), (engine.Statistics.Prefills, engine.Statistics.PrefillsPreempted, engine.Statistics.PrefillEvaluatedTokens));
    }

    [Fact]
    public async Task Each_prefill_logs_what_it_evaluated_and_cached_at_debug_level()
    {
        var hooks = new PrefillHooks();
        var logger = new RecordingLogger();
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(EngineTestModels.Long) { ContextSize = 4096, Slots = 2, Threads = 1, BatchSize = 512 }, null, logger, hooks, CancellationToken.None);
        Task<GenerationResult>? answer = null;
        hooks.ChunkEvaluated = _ => answer ??= RunAsync(engine, UnrelatedRequest);

        await engine.PrefillAsync(LongRequest);
        hooks.ChunkEvaluated = null;
        await answer!;
        // Continues the unrelated request's slot, which holds its 52 prompt tokens and the first two answer words.
        await engine.PrefillAsync(Request(1000, 100));

        var logged = logger.Lines.Where(l => l.Message.Contains("prefill", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["Slot 0: prefill of 602 tokens, 64 evaluated, 64 cached, preempted", "Slot 1: prefill of 102 tokens, 48 evaluated, 102 cached"],
            logged.Select(l => l.Message));
        Assert.All(logged, l => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, l.Level));
    }

    [Fact]
    public async Task A_request_arriving_between_two_chunks_preempts_the_prefill_which_keeps_what_it_evaluated()
    {
        var hooks = new PrefillHooks();
        await using var engine = await LoadAsync(hooks);
        Task<GenerationResult>? answer = null;
        hooks.ChunkEvaluated = cached =>
        {
            if (cached == 2 * Chunk && answer is null)
            {
                // Queued here, on the inference thread between two chunks: the prefill must stop before its third.
                answer = RunAsync(engine, UnrelatedRequest);
            }
        };

        var preempted = await engine.PrefillAsync(LongRequest);
        hooks.ChunkEvaluated = null;
        var unrelated = await answer!;

        Assert.Equal(new PrefillResult(602, 2 * Chunk, 2 * Chunk, Preempted: true), preempted);
        Assert.Equal(EngineTestModels.Words(1050, 3), unrelated.Text);
        Assert.Equal(52, unrelated.Stats.EvaluatedPromptTokens);
        await AssertTheSlotHoldsExactlyAsync(engine, cachedTokens: 2 * Chunk);
        Assert.Equal((2, 1, 602), (engine.Statistics.Prefills, engine.Statistics.PrefillsPreempted, engine.Statistics.PrefillEvaluatedTokens));
    }

    [Fact]
    public async Task A_request_arriving_inside_a_prefill_decode_call_aborts_that_call_and_its_tokens_are_not_kept()
    {
        var hooks = new PrefillHooks();
        await using var engine = await LoadAsync(hooks);
        Task<GenerationResult>? answer = null;
        var armed = 0;
        var pollsAfterArming = 0;
        hooks.ChunkEvaluated = cached =>
        {
            if (cached == 2 * Chunk)
            {
                Volatile.Write(ref armed, 1);
            }
        };
        hooks.Polled = running =>
        {
            if (Volatile.Read(ref armed) == 1 && Interlocked.Increment(ref pollsAfterArming) == 1)
            {
                // Queued from another thread: enqueuing cancels the prefill's token, whose callbacks must not run here,
                // inside native code. The poll waits until the cancellation has landed, so it answers "abort".
                answer = Task.Run(() => RunAsync(engine, UnrelatedRequest));
                SpinWait.SpinUntil(() => running.IsCancellationRequested, TimeSpan.FromSeconds(30));
            }
        };

        var preempted = await engine.PrefillAsync(LongRequest);
        hooks.ChunkEvaluated = null;
        hooks.Polled = null;
        var unrelated = await answer!;

        Assert.True(pollsAfterArming >= 1, "the abort callback was never polled during the third chunk's decode call");
        Assert.Equal(new PrefillResult(602, 2 * Chunk, 2 * Chunk, Preempted: true), preempted);
        Assert.Equal(EngineTestModels.Words(1050, 3), unrelated.Text);
        // The aborted third chunk counts nowhere: only completed decode calls add evaluated tokens.
        Assert.Equal(2 * Chunk, engine.Statistics.PrefillEvaluatedTokens);
        Assert.Equal(2 * Chunk + 52 + 2, engine.Statistics.TotalTokensEvaluated);
        await AssertTheSlotHoldsExactlyAsync(engine, cachedTokens: 2 * Chunk);
    }

    [Fact]
    public async Task A_newer_prefill_replaces_the_running_one_which_ends_preempted_with_its_chunks_cached()
    {
        var hooks = new PrefillHooks();
        await using var engine = await LoadAsync(hooks);
        var newerRequest = Request(1000, 200);
        Task<PrefillResult>? newer = null;
        hooks.ChunkEvaluated = cached =>
        {
            if (cached == Chunk && newer is null)
            {
                newer = engine.PrefillAsync(newerRequest);
            }
        };

        var older = await engine.PrefillAsync(LongRequest);
        hooks.ChunkEvaluated = null;
        var newerResult = await newer!;
        var answer = await RunAsync(engine, newerRequest);

        Assert.Equal(new PrefillResult(602, Chunk, Chunk, Preempted: true), older);
        Assert.Equal(new PrefillResult(202, 202, 202, Preempted: false), newerResult);
        Assert.Equal(1, answer.Stats.EvaluatedPromptTokens);
        Assert.Equal(EngineTestModels.Words(1200, 3), answer.Text);
        Assert.Equal((2, 1, Chunk + 202), (engine.Statistics.Prefills, engine.Statistics.PrefillsPreempted, engine.Statistics.PrefillEvaluatedTokens));
    }

    [Fact]
    public async Task A_prefill_waiting_behind_a_request_is_replaced_by_a_newer_one_and_ends_without_running()
    {
        var hooks = new PrefillHooks();
        await using var engine = await LoadAsync(hooks);
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        hooks.Polled = running =>
        {
            if (!inside.IsSet)
            {
                // Holds the request inside its first decode call until both prefills are queued behind it.
                inside.Set();
                release.Wait(TimeSpan.FromMinutes(2), CancellationToken.None);
            }
        };

        var answer = RunAsync(engine, UnrelatedRequest);
        Assert.True(inside.Wait(TimeSpan.FromMinutes(2)), "the request never reached a decode call");
        var replaced = engine.PrefillAsync(Request(0, 300));
        var newer = engine.PrefillAsync(LongRequest);
        // Ends while the request still holds the inference thread: it never ran.
        var replacedResult = await replaced.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.False(newer.IsCompleted);
        release.Set();

        Assert.Equal(new PrefillResult(0, 0, 0, Preempted: true), replacedResult);
        Assert.Equal(EngineTestModels.Words(1050, 3), (await answer).Text);
        Assert.Equal(new PrefillResult(602, 602, 602, Preempted: false), await newer);
        Assert.Equal((1, 0, 602), (engine.Statistics.Prefills, engine.Statistics.PrefillsPreempted, engine.Statistics.PrefillEvaluatedTokens));
    }

    [Fact]
    public async Task A_prefill_made_for_a_document_neither_supersedes_that_documents_requests_nor_is_superseded_by_them()
    {
        var hooks = new PrefillHooks();
        await using var engine = await LoadAsync(hooks);
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        hooks.Polled = running =>
        {
            if (!inside.IsSet)
            {
                inside.Set();
                release.Wait(TimeSpan.FromMinutes(2), CancellationToken.None);
            }
        };

        // A newer version's prefill queued while the document's request runs: a request would supersede it.
        var answer = engine.RunAsync(UnrelatedRequest.Prompt, ThreeTokens, RequestPriority.InlineCompletion, "doc", supersedeVersion: 5);
        Assert.True(inside.Wait(TimeSpan.FromMinutes(2)), "the request never reached a decode call");
        var prefill = engine.PrefillAsync(LongRequest with { SupersedeKey = "doc", SupersedeVersion = 6 });
        release.Set();

        Assert.Equal(EngineTestModels.Words(1050, 3), (await answer).Text);
        Assert.Equal(new PrefillResult(602, 602, 602, Preempted: false), await prefill);

        // An older version's request arriving while the document's prefill runs: a request would be superseded on arrival.
        Task<GenerationResult>? older = null;
        hooks.ChunkEvaluated = cached =>
        {
            if (older is null)
            {
                older = engine.RunAsync(LongRequest.Prompt, ThreeTokens, RequestPriority.InlineCompletion, "doc", supersedeVersion: 7);
            }
        };
        var newerPrefill = await engine.PrefillAsync(Request(1000, 300) with { SupersedeKey = "doc", SupersedeVersion = 9 });

        // It continues the unrelated request's slot, which holds that prompt and the first two answer words (54 tokens).
        Assert.Equal(new PrefillResult(302, 54 + Chunk, Chunk, Preempted: true), newerPrefill);
        Assert.Equal(EngineTestModels.Words(600, 3), (await older!).Text);
    }

    [Fact]
    public async Task A_cancelled_prefill_throws_and_the_slot_keeps_the_chunks_evaluated_before()
    {
        var hooks = new PrefillHooks();
        await using var engine = await LoadAsync(hooks);
        using var cancellation = new CancellationTokenSource();
        hooks.ChunkEvaluated = cached =>
        {
            if (cached == 3 * Chunk)
            {
                cancellation.Cancel();
            }
        };

        await Assert.ThrowsAsync<OperationCanceledException>(() => engine.PrefillAsync(LongRequest, cancellation.Token));
        hooks.ChunkEvaluated = null;
        await Assert.ThrowsAsync<OperationCanceledException>(() => engine.PrefillAsync(UnrelatedRequest, cancellation.Token));

        // The one cancelled while it ran counts; the one cancelled before it was queued never ran.
        Assert.Equal((1, 0, 3 * Chunk), (engine.Statistics.Prefills, engine.Statistics.PrefillsPreempted, engine.Statistics.PrefillEvaluatedTokens));
        await AssertTheSlotHoldsExactlyAsync(engine, cachedTokens: 3 * Chunk);
    }

    private static GenerationRequest Request(int firstWord, int words) =>
        new(new RawPrompt(Prefix + EngineTestModels.Words(firstWord, words)), ThreeTokens);

    private static Task<LlamaEngine> LoadAsync(IEngineTestHooks hooks) =>
        LlamaEngine.LoadAsync(
            new EngineOptions(EngineTestModels.Long) { ContextSize = 4096, Slots = 2, Threads = 1, BatchSize = 512 },
            null,
            null,
            hooks,
            CancellationToken.None);

    private static Task<GenerationResult> RunAsync(LlamaEngine engine, GenerationRequest request) =>
        engine.RunAsync(request.Prompt, request.Options);

    /// <summary>
    /// The slot's token list equals its KV memory: the same prefill again evaluates exactly the rest of
    /// <see cref="LongRequest"/>, and the request then reuses all of it and answers exactly.
    /// </summary>
    private static async Task AssertTheSlotHoldsExactlyAsync(LlamaEngine engine, int cachedTokens)
    {
        var rest = await engine.PrefillAsync(LongRequest);
        var answer = await RunAsync(engine, LongRequest);

        Assert.Equal(new PrefillResult(602, 602, 602 - cachedTokens, Preempted: false), rest);
        Assert.Equal(1, answer.Stats.EvaluatedPromptTokens);
        Assert.Equal(EngineTestModels.Words(600, 3), answer.Text);
    }
}
