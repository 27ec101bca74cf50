using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Glm.Inference.Generation;
using Glm.Inference.Gguf;
using Glm.Inference.Native;
using Glm.Inference.Prompts;
using Glm.Inference.Tokenization;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Glm.Inference.Engine;

/// <summary>
/// A GLM model served in-process by llama.cpp. Requests are queued by priority and run one at a time on a dedicated
/// inference thread; each streams its tokens as they are made.
/// </summary>
public sealed class LlamaEngine : ITextGenerator
{
    /// <summary>GLM turn markers that end an answer; llama.cpp stops on its own only for the first two.</summary>
    private readonly LLamaWeights weights;
    private readonly ModelVocabulary vocabulary;
    private readonly JobQueue queue;
    private readonly EngineCounters counters;
    private readonly InferenceWorker worker;
    private readonly GlmTokenizer? managedTokenizer;
    private readonly SpeedMeter speedMeter;
    private long nextSequence;
    private int disposed;

    private LlamaEngine(
        LLamaWeights weights,
        ModelVocabulary vocabulary,
        JobQueue queue,
        EngineCounters counters,
        InferenceWorker worker,
        ModelDescription model,
        GlmTokenizer? managedTokenizer,
        SpeedMeter speedMeter)
    {
        this.speedMeter = speedMeter;
        this.managedTokenizer = managedTokenizer;
        this.weights = weights;
        this.vocabulary = vocabulary;
        this.queue = queue;
        this.counters = counters;
        this.worker = worker;
        Model = model;
    }

    public ModelDescription Model { get; }

    /// <summary>Prompt and generation speeds of the recent requests (<see cref="SpeedMeter"/>); null before the first.</summary>
    public MeasuredSpeeds? Speeds => speedMeter.Current;

    /// <summary>Counters since load.</summary>
    public EngineStatistics Statistics
    {
        get
        {
            var slots = counters.Slots;
            return counters.Snapshot() with { QueuedRequests = queue.WaitingCount, RequestRunning = slots.Any(s => s.Busy), Slots = slots };
        }
    }

    /// <summary>Loads the weights, creates the context on the inference thread and starts serving.</summary>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="GgufValidationException">The file is not a GLM model llama.cpp can load; the message names the defect.</exception>
    /// <exception cref="ModelLoadException">llama.cpp refused a file that passed validation; the message carries its log lines.</exception>
    public static Task<LlamaEngine> LoadAsync(
        EngineOptions options,
        IProgress<double>? loadProgress,
        ILogger? logger,
        CancellationToken cancellationToken) =>
        LoadAsync(options, loadProgress, logger, testHooks: null, cancellationToken);

    /// <summary>Loads as <see cref="LoadAsync(EngineOptions, IProgress{double}?, ILogger?, CancellationToken)"/> does, with
    /// <paramref name="testHooks"/> on the inference thread (fault injection and cancellation points for tests).</summary>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="GgufValidationException">The file is not a GLM model llama.cpp can load; the message names the defect.</exception>
    /// <exception cref="ModelLoadException">llama.cpp refused a file that passed validation; the message carries its log lines.</exception>
    public static async Task<LlamaEngine> LoadAsync(
        EngineOptions options,
        IProgress<double>? loadProgress,
        ILogger? logger,
        IEngineTestHooks? testHooks,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        if (!File.Exists(options.ModelPath))
        {
            throw new FileNotFoundException($"Model file not found: {options.ModelPath}", options.ModelPath);
        }

        // llama.cpp reports every defect as the same generic failure; the managed check names the key or tensor at fault.
        var summary = await Task.Run(() => GgufModelValidator.Validate(options.ModelPath), cancellationToken);
        // Without a logger of its own the engine leaves native logging where the host pointed it.
        var capturingLogger = logger is null ? null : new LoadErrorCapturingLogger(logger);
        NativeLogging.EnsureInitialized(capturingLogger);
        logger ??= NullLogger.Instance;
        var parameters = EngineParameters.Create(options);
        loadProgress?.Report(0);
        var weights = await LoadWeightsAsync(parameters, loadProgress, capturingLogger, cancellationToken);
        capturingLogger?.StopCapturing();
        try
        {
            var vocabulary = new ModelVocabulary(weights, SentencePieceIds(summary.File));
            var facts = ReadFacts(weights, vocabulary, options.ModelPath);
            var detection = ModelProfileDetector.Detect(facts);
            var (profile, supportsFim) = detection;
            WarnIfTemplateLacksStartTokens(facts.ChatTemplate, profile, options.ModelPath, logger);
            var stopTokens = GlmControlTokens.Stop
                .Concat(profile == ModelProfile.CodeGeeX4 ? [GlmControlTokens.Assistant] : [])
                .Select(vocabulary.FindSingleToken).OfType<int>().ToHashSet();
            var queue = new JobQueue();
            var counters = new EngineCounters();
            var formatter = new PromptFormatter(profile, supportsFim, detection.FillInTheMiddleMarkersAreTokens);
            var speedMeter = new SpeedMeter(testHooks?.FixedSpeeds);
            var worker = new InferenceWorker(
                weights, parameters, queue, counters, vocabulary, formatter, stopTokens, options.ReusePromptCache, logger,
                testHooks,
                options.InferenceCpu,
                options.DrafterFactory,
                speedMeter);
            var slotContext = await StartWorkerAsync(worker, queue, cancellationToken);
            var model = new ModelDescription(
                ModelName(weights, options.ModelPath), profile, supportsFim, slotContext, DescribeBackend(options, parameters, (int)summary.HyperParameters.BlockCount))
            {
                ProfileEvidence = detection.Evidence,
            };
            logger.LogInformation(
                "Loaded {Model} as {Profile} ({Evidence}): {Slots} slots of {SlotContext} tokens, {Backend}",
                model.Name, profile, detection.Evidence, options.Slots, slotContext, model.Backend);
            loadProgress?.Report(1);
            return new LlamaEngine(weights, vocabulary, queue, counters, worker, model, CreateManagedTokenizer(summary.File, logger), speedMeter);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    public IAsyncEnumerable<GenerationChunk> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        // The job is queued now, not when enumeration starts, so "newer" and arrival order mean call order.
        var job = new GenerationJob(request, Interlocked.Increment(ref nextSequence), cancellationToken);
        Submit(job);
        return new JobStream(job);
    }

    /// <summary>
    /// Queues the prefill as the lowest-priority job; at most one is queued or running, a newer one replaces it, and any
    /// request arriving while it runs stops it within one chunk (see <see cref="InferenceWorker"/>'s prefill).
    /// </summary>
    public async Task<PrefillResult> PrefillAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        // No supersede key: the request it prepares for must not cancel it (it preempts it, keeping what was cached),
        // nor may it cancel that request. No latency budget: a budget cuts a prompt whose tail is not cached yet,
        // and filling that tail is the prefill's purpose.
        var prefill = request with
        {
            Options = request.Options with { LatencyBudget = null },
            Priority = RequestPriority.Prefill,
            SupersedeKey = null,
        };
        var work = new PrefillWork(cancellationToken);
        var job = new GenerationJob(prefill, Interlocked.Increment(ref nextSequence), cancellationToken) { Prefill = work };
        Submit(job);
        // A prefill streams no text: its job's channel only tells when it ended.
        while (await job.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (job.Reader.TryRead(out _))
            {
            }
        }

        if (job.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return work.Result ?? throw new InvalidOperationException("The prefill ended without a result.");
    }

    /// <summary>Queues <paramref name="job"/>, or fails it at once when its caller already gave up.</summary>
    private void Submit(GenerationJob job)
    {
        if (job.Token.IsCancellationRequested)
        {
            // A request its caller already gave up on must not supersede anything.
            job.Fail(job.CancellationException());
            return;
        }

        queue.Enqueue(job);
        // After Enqueue: a token cancelled in between runs this at once and takes the job back out of the queue.
        job.Token.Register(() =>
        {
            if (queue.TryRemoveWaiting(job))
            {
                job.Fail(job.CancellationException());
            }
        });
    }

    /// <summary>
    /// Counts text as the engine tokenizes content (plain text, control tokens not parsed) with the managed tokenizer
    /// built from the GGUF's own vocabulary (it splits exactly as llama.cpp does and never touches native state); vocabularies it cannot express, such as ChatGLM3's SentencePiece, fall back to
    /// llama.cpp's tokenizer on the weights.
    /// </summary>
    public int CountTokens(string text) => managedTokenizer?.CountPlainTextTokens(text) ?? vocabulary.TokenizePlain(text).Length;

    private static GlmTokenizer? CreateManagedTokenizer(GgufFile file, ILogger logger)
    {
        try
        {
            var tokenizer = GlmTokenizer.FromGguf(file);
            // The plain-text reading is the one CountTokens uses: built now, with the model, so the first suggestion
            // does not pay for it, and the special-parsing reading is never built.
            tokenizer.CountPlainTextTokens(string.Empty);
            return tokenizer;
        }
        catch (NotSupportedException exception)
        {
            // Stryker disable once Statement,String : log text only; the fallback itself is the returned null.
            logger.LogDebug("Token counts use llama.cpp's tokenizer: {Reason}", exception.Message);
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        var (waiting, running) = queue.Close();
        foreach (var job in waiting)
        {
            job.Fail(new ObjectDisposedException(nameof(LlamaEngine), "The engine was disposed before this request ran."));
        }

        running?.Cancel();
        await worker.Stopped;
        weights.Dispose();
    }

    private static async Task<int> StartWorkerAsync(InferenceWorker worker, JobQueue queue, CancellationToken cancellationToken)
    {
        var started = worker.StartAsync();
        try
        {
            return await started.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The thread cannot be interrupted while llama.cpp creates the context; closing the queue makes it free the
            // context and end as soon as that is done, so a cancelled load leaves nothing running.
            queue.Close();
            await worker.Stopped;
            throw;
        }
    }

    private static async Task<LLamaWeights> LoadWeightsAsync(
        ModelParams parameters,
        IProgress<double>? loadProgress,
        LoadErrorCapturingLogger? errors,
        CancellationToken cancellationToken)
    {
        try
        {
            // Forwarded synchronously: Progress<T> would post to the thread pool and could deliver 0.9 after the final 1.
            var progress = loadProgress is null ? null : new ForwardingProgress(loadProgress);
            return await LLamaWeights.LoadFromFileAsync(parameters, cancellationToken, progress);
        }
        catch (LoadWeightsFailedException exception)
        {
            throw new ModelLoadException(LoadFailureMessage.For(parameters.ModelPath, errors?.CapturedLines), exception);
        }
    }

    /// <summary>
    /// Prompts are laid out by <see cref="PromptFormatter"/> in the family's own format; a file whose embedded template
    /// renders without the family's start tokens (a generic template, a broken conversion) is named in a warning, since
    /// other tools using that template would prompt the model wrongly.
    /// </summary>
    private static void WarnIfTemplateLacksStartTokens(string? modelTemplate, ModelProfile profile, string modelPath, ILogger logger)
    {
        if (modelTemplate is null)
        {
            return;
        }

        var start = PromptFormatter.StartTokensFor(profile);
        string rendered;
        try
        {
            rendered = new LlamaChatTemplate(modelTemplate).Render([new ChatMessage(ChatRole.User, "test")]);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            rendered = string.Empty;
        }

        if (!rendered.StartsWith(start, StringComparison.Ordinal))
        {
            logger.LogWarning(
                "{File}: its chat template does not render {Start} first; using the built-in {Profile} chat format instead",
                Path.GetFileName(modelPath), start, profile);
        }
    }

    /// <summary>Token ids by stored text for a SentencePiece vocabulary (see <see cref="ModelVocabulary"/>), else null.</summary>
    internal static Dictionary<string, int>? SentencePieceIds(GgufFile file)
    {
        if (!file.TryGetString("tokenizer.ggml.model", out var model) || model != "llama")
        {
            return null;
        }

        var tokens = file.GetStringArray("tokenizer.ggml.tokens");
        var ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (var id = 0; id < tokens.Length; id++)
        {
            ids[tokens[id]] = id;
        }

        return ids;
    }

    private static ModelFacts ReadFacts(LLamaWeights weights, ModelVocabulary vocabulary, string modelPath)
    {
        var architecture = weights.Metadata.GetValueOrDefault("general.architecture") ?? string.Empty;
        var special = ModelFacts.DistinguishingTokens.Where(t => vocabulary.FindSingleToken(t) is not null).ToHashSet();
        // "sop" is a plain word in a GLM-4 vocabulary; only ChatGLM3's control token of that name counts.
        if (vocabulary.FindSingleToken("sop") is not { } sop || !vocabulary.IsControl(sop))
        {
            special.Remove("sop");
        }

        return new ModelFacts(
            architecture,
            vocabulary.Count,
            special,
            weights.Metadata.GetValueOrDefault("tokenizer.chat_template"),
            weights.Metadata.GetValueOrDefault("general.name"),
            Path.GetFileName(modelPath));
    }

    private static string ModelName(LLamaWeights weights, string path) =>
        weights.Metadata.GetValueOrDefault("general.name") is { Length: > 0 } name ? name : Path.GetFileNameWithoutExtension(path);

    private static string DescribeBackend(EngineOptions options, ModelParams parameters, int blockCount) =>
        BackendDescription.Describe(
            NativeSystemInfo(),
            GpuOffload.OffloadedLayers(parameters.GpuLayerCount, blockCount, GpuOffload.BackendSupportsOffload()),
            GpuOffload.OffloadableLayers(blockCount),
            options.Threads);

    /// <summary>llama.cpp's system info line ("AVX = 1 | AVX2 = 1 | …"), as <see cref="BackendDescription"/> reads it.</summary>
    private static string NativeSystemInfo() => Marshal.PtrToStringAnsi(NativeApi.llama_print_system_info()) ?? string.Empty;

    private sealed class ForwardingProgress(IProgress<double> target) : IProgress<float>
    {
        public void Report(float value) => target.Report(value);
    }
}
