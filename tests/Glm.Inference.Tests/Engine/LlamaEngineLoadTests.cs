using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Glm.Inference.Engine;
using Glm.Inference.Gguf;
using Glm.Inference.Tests.Gguf;
using Glm.Inference.Tests.Memory;
using LLama.Native;
using Microsoft.Extensions.Logging;

namespace Glm.Inference.Tests.Engine;

/// <summary>What a load tells its caller (progress, log lines) and what a cancelled load leaves behind.</summary>
/// <remarks>llama.cpp's log callback is one per process, so an engine loading in a parallel test would take this test's
/// log lines: these tests run alone.</remarks>
[Collection(nameof(NativeLogCollection))]
[Trait("Speed", "Slow")]
public sealed class LlamaEngineLoadTests
{
    [Fact]
    public async Task Progress_starts_before_llama_cpp_reads_the_file_and_ends_after_the_model_is_announced()
    {
        var events = new EventLog();
        var options = new EngineOptions(EngineTestModels.Default) { ContextSize = 512, Slots = 1, Threads = 1 };

        await using var engine = await LlamaEngine.LoadAsync(options, events, events, CancellationToken.None);

        var log = events.Entries;
        var firstNativeLine = log.FindIndex(e => e.StartsWith("Debug llama.cpp: llama_model_loader:", StringComparison.Ordinal));
        Assert.InRange(log.IndexOf("progress 0"), 0, firstNativeLine - 1);
        // llama.cpp's own reports reach the caller between the engine's 0 and 1.
        Assert.Contains(log, e => e.StartsWith("progress 0.", StringComparison.Ordinal));
        // The backend is computed here from llama.cpp's system info, independently of the engine.
        var backend = BackendDescription.Describe(Marshal.PtrToStringAnsi(NativeApi.llama_print_system_info()) ?? string.Empty, 0, 2, 1);
        Assert.Equal(backend, engine.Model.Backend);
        Assert.Equal(
            [$"Information Loaded glm-lsp predictable test model as Glm4 ({engine.Model.ProfileEvidence}): 1 slots of 512 tokens, {backend}", "progress 1"],
            log[^2..]);
    }

    [Fact]
    public async Task A_load_cancelled_while_llama_cpp_creates_the_context_throws_only_after_the_thread_freed_it_and_leaves_the_file_unmapped()
    {
        // The load's continuations run on a context of their own, so the test knows when the load is waiting: the
        // inference thread is held inside llama.cpp's context creation until then, and the cancellation cannot lose a
        // race against the context's completion.
        var path = EngineTestModels.PrivateCopy(EngineTestModels.Default);
        using var pump = new SingleThreadContext();
        using var cancellation = new CancellationTokenSource();
        using var release = new ManualResetEventSlim();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var logger = new ContextCreationLogger(() =>
        {
            cancellation.Cancel();
            pump.WaitUntilIdle();
            held.SetResult();
            release.Wait();
        });
        try
        {
            var options = new EngineOptions(path) { ContextSize = 512, Slots = 1, Threads = 1, UseMemoryMap = true };
            var load = await pump.Run(() => LlamaEngine.LoadAsync(options, null, logger, cancellation.Token));

            await held.Task;
            var completedWhileTheThreadWasHeld = load.IsCompleted;
            release.Set();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => load);
            Assert.False(completedWhileTheThreadWasHeld);
            Assert.False(EngineTestModels.IsMapped(path));
        }
        finally
        {
            release.Set();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_file_llama_cpp_refuses_after_validation_fails_with_llama_cpps_own_reason()
    {
        // The validator does not read the special token ids; llama.cpp refuses one stored with the wrong type.
        using var directory = new TempDirectory();
        var path = directory.File("eos-as-text.gguf");
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, "tokenizer.ggml.eos_token_id", GgufValue.String("<|endoftext|>"));
        writer.WriteTo(path);
        GgufModelValidator.Validate(path);
        var options = new EngineOptions(path) { ContextSize = 512, Slots = 1, Threads = 1 };

        var withLogger = await Assert.ThrowsAsync<ModelLoadException>(() => LlamaEngine.LoadAsync(options, null, new EventLog(), CancellationToken.None));
        var withoutLogger = await Assert.ThrowsAsync<ModelLoadException>(() => LlamaEngine.LoadAsync(options, null, null, CancellationToken.None));

        Assert.Equal(
            $"llama.cpp could not load '{path}': llama_model_load: error loading model: error loading model vocabulary: key tokenizer.ggml.eos_token_id has wrong type str but expected type u32 | llama_model_load_from_file_impl: failed to load model",
            withLogger.Message);
        Assert.Equal($"llama.cpp could not load '{path}': llama.cpp gave no reason", withoutLogger.Message);
    }

    /// <summary>Progress reports and log lines of one load, in the order they came.</summary>
    private sealed class EventLog : ILogger, IProgress<double>
    {
        private readonly List<string> entries = [];

        public List<string> Entries
        {
            get
            {
                lock (entries)
                {
                    return [.. entries];
                }
            }
        }

        public void Report(double value) => Add(FormattableString.Invariant($"progress {value}"));

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Add($"{logLevel} {formatter(state, exception)}");

        private void Add(string entry)
        {
            lock (entries)
            {
                entries.Add(entry);
            }
        }
    }

    /// <summary>Runs <paramref name="onCreation"/> on the inference thread when llama.cpp logs that it constructs the context.</summary>
    private sealed class ContextCreationLogger(Action onCreation) : ILogger
    {
        private int seen;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (formatter(state, exception).Contains("llama_context: constructing llama_context", StringComparison.Ordinal)
                && Interlocked.Exchange(ref seen, 1) == 0)
            {
                onCreation();
            }
        }
    }

    /// <summary>Runs posted work one item at a time on its own thread and tells when none is posted or running.</summary>
    private sealed class SingleThreadContext : SynchronizationContext, IDisposable
    {
        private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> work = [];
        private readonly object gate = new();
        private int pending;

        public SingleThreadContext() => new Thread(Pump) { IsBackground = true, Name = "test-load-context" }.Start();

        public override void Post(SendOrPostCallback d, object? state)
        {
            lock (gate)
            {
                pending++;
            }

            work.Add((d, state));
        }

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

        /// <summary>Starts <paramref name="start"/> on this context and gives the task it returned.</summary>
        public Task<Task<T>> Run<T>(Func<Task<T>> start)
        {
            var started = new TaskCompletionSource<Task<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(_ => started.SetResult(start()), null);
            return started.Task;
        }

        public void WaitUntilIdle()
        {
            lock (gate)
            {
                while (pending > 0)
                {
                    Monitor.Wait(gate);
                }
            }
        }

        public void Dispose() => work.CompleteAdding();

        private void Pump()
        {
            SetSynchronizationContext(this);
            foreach (var (callback, state) in work.GetConsumingEnumerable())
            {
                callback(state);
                lock (gate)
                {
                    pending--;
                    Monitor.PulseAll(gate);
                }
            }
        }
    }
}
