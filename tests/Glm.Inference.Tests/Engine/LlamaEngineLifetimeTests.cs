using System.Runtime.CompilerServices;
using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Glm.Inference.Gguf;
using Glm.TestModels;

namespace Glm.Inference.Tests.Engine;

/// <summary>Loading, sampling with a temperature, and shutting down.</summary>
[Trait("Speed", "Slow")]
public class LlamaEngineLifetimeTests
{
    private const string Prefix = "[gMASK]<sop>";

    [Fact]
    public async Task LoadReportsProgressUpToOne()
    {
        var reports = new List<double>();
        var progress = new SynchronousProgress(reports.Add);

        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(EngineTestModels.Default) { ContextSize = 512, Threads = 1 }, progress, null, CancellationToken.None);

        Assert.Equal(0, reports[0]);
        Assert.Equal(1, reports[^1]);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First <= p.Second));
    }

    [Fact]
    public async Task AFileThatIsNotAModelIsRefusedBeforeNativeCodeSeesIt()
    {
        var name = $"glm-lsp-engine-{Guid.NewGuid():N}.gguf";
        var path = Path.Combine(Path.GetTempPath(), name);
        await File.WriteAllTextAsync(path, "this is not a GGUF file at all");
        try
        {
            var exception = await Assert.ThrowsAsync<GgufValidationException>(() => EngineTestModels.LoadAsync(path));

            Assert.Equal($"{name} is not a GGUF file (magic 'this')", exception.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task OptionsOutOfRangeAreRefusedByName()
    {
        var options = new EngineOptions(EngineTestModels.Default) { ContextSize = 100, Slots = 2 };

        var exception = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => LlamaEngine.LoadAsync(options, null, null, CancellationToken.None));

        Assert.Equal("ContextSize", exception.ParamName);
        Assert.StartsWith("EngineOptions.ContextSize must be at least 64 tokens per slot (128 for 2 slots); it is 100.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_most_slots_llama_cpp_allows_load_and_one_more_is_refused_before_native_code()
    {
        // llama.cpp refuses more sequences than its limit by ending the process, so EngineOptions.MaxSlots must stay
        // within it: if an upgrade lowers the limit, this load ends the test host and the run fails loudly.
        var most = new EngineOptions(EngineTestModels.Default) { Slots = EngineOptions.MaxSlots, ContextSize = 64 * EngineOptions.MaxSlots, Threads = 1 };
        await using (var engine = await LlamaEngine.LoadAsync(most, null, null, CancellationToken.None))
        {
            Assert.Equal(EngineOptions.MaxSlots, engine.Statistics.Slots.Count);
        }

        var exception = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => LlamaEngine.LoadAsync(most with { Slots = EngineOptions.MaxSlots + 1 }, null, null, CancellationToken.None));
        Assert.Equal("Slots", exception.ParamName);
    }

    [Fact]
    public async Task SamplingWithATemperatureFollowsTheModelsOverwhelmingChoice()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Default);

        // The predictable model's logits differ by so much that even sampling at temperature 1 picks the corpus.
        var result = await engine.RunAsync(new RawPrompt(Prefix + "Good documentation explains"), new GenerationOptions { Temperature = 1, Seed = 7 });

        Assert.Equal(DefaultCorpus.Prose["Good documentation explains".Length..], result.Text);
    }

    [Fact]
    public async Task A_greedy_request_on_a_model_that_scores_every_token_alike_fails_clearly()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Zeroed);

        // Temperature 0 takes the exact argmax, which refuses identical logits instead of emitting token 0 (a NUL byte).
        var error = await Assert.ThrowsAsync<GenerationFailedException>(
            () => engine.RunAsync(new RawPrompt(Prefix + "Good documentation explains"), new GenerationOptions { MaxTokens = 8, Temperature = 0 }));

        Assert.Equal("The model gave every token the same score; its weights are probably zeroed.", error.Message);
    }

    [Fact]
    public async Task Sampling_with_a_temperature_uses_the_seed_and_draws_from_tied_tokens()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Zeroed);
        var prompt = new RawPrompt(Prefix + "Good documentation explains");

        // Every token ties, so the sampler chain, not the argmax, picks each one: the seed alone decides the text.
        var first = await engine.RunAsync(prompt, new GenerationOptions { MaxTokens = 16, Temperature = 1, Seed = 7 });
        var again = await engine.RunAsync(prompt, new GenerationOptions { MaxTokens = 16, Temperature = 1, Seed = 7 });
        var otherSeed = await engine.RunAsync(prompt, new GenerationOptions { MaxTokens = 16, Temperature = 1, Seed = 8 });

        Assert.True(first.Stats.GeneratedTokens > 1, $"{first.Stats.GeneratedTokens} tokens");
        Assert.Equal(first.Text, again.Text);
        Assert.NotEqual(first.Text, otherSeed.Text);
    }

    [Fact]
    public async Task AFailedRequestFailsAloneAndTheEngineGoesOn()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Default);

        var empty = await Assert.ThrowsAsync<ArgumentException>(() => engine.RunAsync(new RawPrompt(string.Empty)));
        var badRole = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => engine.RunAsync(new ChatPrompt([new ChatMessage((ChatRole)99, "x")])));
        var next = await engine.RunAsync(ChatPrompt.FromUser("Hello"));

        Assert.Equal("The prompt has no tokens.", empty.Message);
        Assert.StartsWith("Unknown chat role.", badRole.Message, StringComparison.Ordinal);
        Assert.Equal(DefaultCorpus.ChatAnswer, next.Text);
    }

    [Fact]
    public async Task DisposeEndsTheRunningAndTheWaitingRequests()
    {
        var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);
        var running = engine.GenerateAsync(new GenerationRequest(new RawPrompt(Prefix + EngineTestModels.Words(0, 1)), new GenerationOptions { MaxTokens = 1400 }));
        await using var runningStream = running.GetAsyncEnumerator();
        Assert.True(await runningStream.MoveNextAsync());
        var waiting = engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(3, 1)), new GenerationOptions { MaxTokens = 3 });

        await engine.DisposeAsync();

        var waitingException = await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
        Assert.StartsWith("The engine was disposed before this request ran.", waitingException.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<OperationCanceledException>(async () =>
        {
            while (await runningStream.MoveNextAsync())
            {
            }
        });
        Assert.Throws<ObjectDisposedException>(() => engine.GenerateAsync(new GenerationRequest(new RawPrompt("x"), GenerationOptions.Greedy)));
    }

    [Fact]
    public async Task The_inference_thread_is_a_named_background_thread_so_it_never_keeps_the_process_alive()
    {
        var threads = new List<(string? Name, bool Background)>();
        var hooks = new DecodeCallObserver(() => threads.Add((Thread.CurrentThread.Name, Thread.CurrentThread.IsBackground)));
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(EngineTestModels.Long) { ContextSize = 512, Slots = 1, Threads = 1 }, null, null, hooks, CancellationToken.None);

        var result = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 10)), new GenerationOptions { MaxTokens = 3 });

        Assert.Equal(EngineTestModels.Words(10, 3), result.Text);
        Assert.Equal([("glm-inference", true), ("glm-inference", true), ("glm-inference", true)], threads);
    }

    [Fact]
    public async Task A_finished_request_leaves_nothing_behind_on_its_callers_token()
    {
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(EngineTestModels.Long) { ContextSize = 512, Slots = 1, Threads = 1 }, null, null, CancellationToken.None);
        // Long-lived, like a server's shutdown token that every request is linked to.
        using var caller = new CancellationTokenSource();

        var request = await RunAndForgetAsync(engine, caller.Token);
        // The inference thread has moved on to another request, so only a registration could still hold the first.
        await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(100, 10)), new GenerationOptions { MaxTokens = 3 });
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(request.IsAlive);
        GC.KeepAlive(caller);
    }

    /// <summary>Runs a request with <paramref name="token"/> and keeps only a weak reference to it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> RunAndForgetAsync(LlamaEngine engine, CancellationToken token)
    {
        var (request, stream) = Start(engine, token);
        await foreach (var _ in stream)
        {
        }

        return request;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Request, IAsyncEnumerable<GenerationChunk> Stream) Start(LlamaEngine engine, CancellationToken token)
    {
        var request = new GenerationRequest(new RawPrompt(Prefix + EngineTestModels.Words(0, 10)), new GenerationOptions { MaxTokens = 3 });
        return (new WeakReference(request), engine.GenerateAsync(request, token));
    }

    [Fact]
    public async Task Null_options_and_requests_are_refused_by_name()
    {
        var load = await Assert.ThrowsAsync<ArgumentNullException>(() => LlamaEngine.LoadAsync(null!, null, null, CancellationToken.None));
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Default, contextSize: 512, slots: 1);

        var generate = Assert.Throws<ArgumentNullException>(() => engine.GenerateAsync(null!));
        var prefill = await Assert.ThrowsAsync<ArgumentNullException>(() => engine.PrefillAsync(null!));

        Assert.Equal(("options", "request", "request"), (load.ParamName, generate.ParamName, prefill.ParamName));
    }

    [Fact]
    public async Task A_disposed_engine_refuses_generation_and_prefill_as_itself_and_a_second_dispose_does_nothing()
    {
        var engine = await EngineTestModels.LoadAsync(EngineTestModels.Default, contextSize: 512, slots: 1);
        await engine.DisposeAsync();
        var request = new GenerationRequest(new RawPrompt(Prefix + "Good"), GenerationOptions.Greedy);

        var generate = Assert.Throws<ObjectDisposedException>(() => engine.GenerateAsync(request));
        var prefill = await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.PrefillAsync(request));
        await engine.DisposeAsync();

        // The engine's own check names the engine's type; the closed queue behind it would say only "LlamaEngine".
        Assert.Equal(typeof(LlamaEngine).FullName, generate.ObjectName);
        Assert.Equal(typeof(LlamaEngine).FullName, prefill.ObjectName);
    }

    [Fact]
    public async Task While_a_request_runs_a_cancelled_waiting_one_fails_at_once_and_dispose_frees_the_weights_after_the_thread_stopped()
    {
        // The running request is held inside its first decode call (the abort-callback hook), so what is running,
        // waiting and disposed at each step is known without waiting on time.
        var path = EngineTestModels.PrivateCopy(EngineTestModels.Default);
        using var release = new ManualResetEventSlim();
        var inDecode = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var armed = 0;
        var hooks = new AbortPollHooks(_ =>
        {
            if (Interlocked.Exchange(ref armed, 0) == 1)
            {
                inDecode.SetResult();
                release.Wait(CancellationToken.None);
            }
        });
        var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(path) { ContextSize = 1024, Slots = 2, Threads = 1, UseMemoryMap = true }, null, null, hooks, CancellationToken.None);
        try
        {
            Volatile.Write(ref armed, 1);
            var running = engine.GenerateAsync(new GenerationRequest(new RawPrompt(Prefix + "Good documentation"), GenerationOptions.Greedy)).GetAsyncEnumerator();
            var runningNext = running.MoveNextAsync().AsTask();
            await inDecode.Task;
            using var cancellation = new CancellationTokenSource();
            var waiting = engine.GenerateAsync(new GenerationRequest(new RawPrompt(Prefix + "Good"), GenerationOptions.Greedy), cancellation.Token).GetAsyncEnumerator();
            var whileRunning = engine.Statistics;

            cancellation.Cancel();
            var afterCancel = engine.Statistics;
            var waitingNext = waiting.MoveNextAsync();
            var waitingEndedAtOnce = waitingNext.IsCompleted;
            var disposing = engine.DisposeAsync().AsTask();
            var disposedWhileTheThreadRan = disposing.IsCompleted;
            release.Set();
            await disposing;

            // One of the two slots is busy: a request is running.
            Assert.True(whileRunning.RequestRunning);
            Assert.Equal((1, 0), (whileRunning.QueuedRequests, afterCancel.QueuedRequests));
            Assert.True(waitingEndedAtOnce);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waitingNext.AsTask());
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runningNext);
            Assert.False(disposedWhileTheThreadRan);
            Assert.False(EngineTestModels.IsMapped(path));
        }
        finally
        {
            release.Set();
            await engine.DisposeAsync();
            File.Delete(path);
        }
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the test wants every report before LoadAsync returns.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }
}
