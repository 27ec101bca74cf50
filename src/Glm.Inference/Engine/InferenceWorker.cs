using System.Diagnostics;
using System.Runtime.InteropServices;
using Glm.Inference.Generation;
using Glm.Inference.Prompts;
using LLama;
using LLama.Abstractions;
using LLama.Native;
using Microsoft.Extensions.Logging;

namespace Glm.Inference.Engine;

/// <summary>
/// The one thread that owns the native context. It takes jobs from the queue one at a time, reuses the KV cache of the
/// slot that shares the longest prefix with the prompt, and streams tokens back through each job's channel.
/// </summary>
internal sealed partial class InferenceWorker
{
    /// <summary>After the time budget, this many tokens may pass while waiting for a newline to stop at.</summary>
    internal const int TokensToWaitForNewlineAfterBudget = 8;

    private readonly LLamaWeights weights;
    private readonly IContextParams contextParameters;
    private readonly JobQueue queue;
    private readonly EngineCounters counters;
    private readonly ModelVocabulary vocabulary;
    private readonly PromptFormatter formatter;
    private readonly IReadOnlySet<int> extraStopTokens;
    private readonly bool reusePromptCache;
    private readonly ILogger logger;
    private readonly Thread thread;
    private readonly TaskCompletionSource<int> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly LLamaBatch batch = new();
    private byte[] pieceBuffer = new byte[128];
    private LLamaContext? context;
    private KvSlot[] slots = [];
    private int slotContextSize;
    private int batchSize;
    private long useCounter;
    private int[] previousPrompt = [];
    private CancellationToken runningToken;
    private long decodeTimestampTicks;
    private readonly AbortCallback abortCallback;
    private readonly IEngineTestHooks? testHooks;
    private readonly int? inferenceCpu;
    private readonly Func<IReadOnlyCollection<int>, ITokenDrafter>? drafterFactory;
    private readonly SpeedMeter speedMeter;

    public InferenceWorker(
        LLamaWeights weights,
        IContextParams contextParameters,
        JobQueue queue,
        EngineCounters counters,
        ModelVocabulary vocabulary,
        PromptFormatter formatter,
        IReadOnlySet<int> extraStopTokens,
        bool reusePromptCache,
        ILogger logger,
        IEngineTestHooks? testHooks = null,
        int? inferenceCpu = null,
        Func<IReadOnlyCollection<int>, ITokenDrafter>? drafterFactory = null,
        SpeedMeter? speedMeter = null)
    {
        this.speedMeter = speedMeter ?? new SpeedMeter();
        this.drafterFactory = drafterFactory;
        this.inferenceCpu = inferenceCpu;
        this.testHooks = testHooks;
        this.weights = weights;
        this.contextParameters = contextParameters;
        this.queue = queue;
        this.counters = counters;
        this.vocabulary = vocabulary;
        this.formatter = formatter;
        this.extraStopTokens = extraStopTokens;
        this.reusePromptCache = reusePromptCache;
        this.logger = logger;
        // A dedicated thread, not the pool: decode calls block for milliseconds to seconds and llama.cpp contexts
        // are not meant to hop between threads.
        thread = new Thread(Run) { IsBackground = true, Name = "glm-inference" };
        // Kept in a field: the native side holds only a function pointer, which must outlive the context.
        abortCallback = testHooks is null
            ? _ => runningToken.IsCancellationRequested
            : _ => testHooks.AbortPolled(runningToken) && runningToken.IsCancellationRequested;
    }

    /// <summary>ggml asks this between graph nodes; true stops the running llama_decode (it returns ComputeAborted).</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.I1)]
    private delegate bool AbortCallback(IntPtr data);

    /// <summary>Ends when the thread has stopped and freed the context.</summary>
    public Task Stopped => stopped.Task;

    /// <summary>Starts the thread; the task gives the per-slot context size once the context exists.</summary>
    public Task<int> StartAsync()
    {
        thread.Start();
        return ready.Task;
    }

    private void Run()
    {
        try
        {
            if (inferenceCpu is { } cpu && ThreadAffinity.PinCurrentThread(cpu) is null)
            {
                logger.LogWarning("Could not pin the inference thread to CPU {Cpu}; the OS places it", cpu);
            }

            context = weights.CreateContext(contextParameters, logger);
            // Without it a cancelled request waits for the running decode call, which for a 512-token prompt chunk of a
            // 6B model is seconds; with it ggml stops between graph nodes and the model is free within milliseconds.
            NativeApi.llama_set_abort_callback(context.NativeHandle, Marshal.GetFunctionPointerForDelegate(abortCallback), IntPtr.Zero);
            var sequences = (int)context.NativeHandle.MaxSeq;
            slots = [.. Enumerable.Range(0, sequences).Select(i => new KvSlot(i))];
            // The KV cache is not unified: llama.cpp gives each sequence an equal share of the context.
            slotContextSize = (int)context.ContextSize / sequences;
            batchSize = (int)context.BatchSize;
            PublishSlots(busy: null);
            ready.SetResult(slotContextSize);
        }
        catch (Exception exception)
        {
            ready.TrySetException(exception);
            context?.Dispose();
            stopped.TrySetResult();
            return;
        }

        try
        {
            while (queue.TakeNext() is { } job)
            {
                Execute(job);
            }
        }
        finally
        {
            context.Dispose();
            stopped.TrySetResult();
        }
    }

    private void Execute(GenerationJob job)
    {
        try
        {
            runningToken = job.Token;
            if (job.Prefill is { } prefill)
            {
                // Not checked for cancellation first: a prefill preempted before it started still reports the cache.
                Prefill(job, prefill);
                return;
            }

            job.Token.ThrowIfCancellationRequested();
            Generate(job);
        }
        catch (OperationCanceledException) when (job.Token.IsCancellationRequested)
        {
            PublishSlots(busy: null);
            job.Fail(job.CancellationException());
        }
        catch (Exception exception)
        {
            // One line at error level; the stack trace only at debug level (--verbose, glm.logLevel debug or trace).
            logger.LogError("Generation failed: {Message}", exception.Message);
            logger.LogDebug(exception, "Generation failed");
            PublishSlots(busy: null);
            job.Fail(exception);
        }
        finally
        {
            runningToken = CancellationToken.None;
            job.Dispose();
        }
    }

    private void Generate(GenerationJob job)
    {
        var queueTime = job.SinceEnqueued.Elapsed;
        var options = job.Request.Options;
        var formatted = formatter.Format(job.Request.Prompt);
        var (prompt, truncated, fitted) = TokenizePrompt(formatted, options);
        var (slot, commonPrefix) = SlotSelector.Choose(slots, prompt);
        var budgeted = fitted is null ? new BudgetedPrompt(prompt, 0, null) : LatencyBudgetCut.Apply(fitted, slot.Tokens, options, speedMeter.Current, vocabulary.IsControl);
        if (budgeted.CutTokens > 0)
        {
            prompt = budgeted.Prompt;
            commonPrefix = SlotSelector.CommonPrefixLength(slot.Tokens, prompt);
        }

        var maxTokens = budgeted.TokenCap ?? options.MaxTokens;
        // Before the engine has measured both speeds a budget cannot be planned in tokens, so it bounds the time instead.
        var unplannedBudget = speedMeter.Current is null ? options.LatencyBudget : null;
        slot.LastUsed = ++useCounter;
        PublishSlots(busy: slot);
        var commonWithPrevious = SlotSelector.CommonPrefixLength(previousPrompt, prompt);
        previousPrompt = prompt;
        // At least one prompt token is evaluated even when all of it is cached: its logits give the first token.
        // Without reuse (a benchmark baseline) the slot is emptied and the whole prompt evaluated.
        var reused = reusePromptCache ? Math.Min(commonPrefix, prompt.Length - 1) : 0;
        ForgetFrom(slot, reused);

        var promptClock = Stopwatch.StartNew();
        var logitsIndex = Evaluate(slot, prompt.AsSpan(reused), job.Token);
        var promptTime = promptClock.Elapsed;

        var generationClock = Stopwatch.StartNew();
        var decodeTicksBefore = decodeTimestampTicks;
        var filter = new StopRuleFilter(formatted.StopStrings.Count == 0 ? options : options with { StopStrings = [.. options.StopStrings, .. formatted.StopStrings] });
        var header = new ReplyHeaderFilter(formatted.AnswerHasHeaderLine);
        var loop = new LoopDetector();
        var utf8 = new Utf8ChunkDecoder();
        using var sampler = new TokenSampler(options.Temperature, options.Seed);
        // Drafts are checked against the argmax, so only greedy requests can take them without changing their output.
        var speculation = options.SpeculativeDecoding && options.Temperature <= 0
            ? new SpeculativeSession(drafterFactory?.Invoke(prompt) ?? new PromptLookupDrafter(prompt))
            : null;
        var generated = 0;
        var tokensAfterBudget = 0;
        var timeToFirstToken = TimeSpan.Zero;
        StopReason? stopReason;
        job.Token.ThrowIfCancellationRequested();
        var token = sampler.Sample(context!.NativeHandle, logitsIndex);
        while (true)
        {
            if ((stopReason = Emit(token)) is not null)
            {
                break;
            }

            speculation?.Append(token);
            // Room for a draft: its tokens must fit in the slot together with the model's own next one. Past MaxTokens they
            // are only checked, never emitted (the stop comes first, and the slot is trimmed after the loop).
            var draft = speculation is null
                ? []
                : speculation.Draft(Math.Min(slotContextSize - prompt.Length - generated, batchSize - 1), maxTokens - generated - 1);
            if (draft.IsEmpty)
            {
                logitsIndex = Evaluate(slot, [token], job.Token);
                job.Token.ThrowIfCancellationRequested();
                token = sampler.Sample(context.NativeHandle, logitsIndex);
                continue;
            }

            var (accepted, next) = Verify(slot, token, draft, job.Token);
            speculation!.Record(draft.Length, accepted);
            for (var i = 0; i < accepted && stopReason is null; i++)
            {
                // Each accepted token is emitted as if it had been a step of its own, cancellation check included.
                job.Token.ThrowIfCancellationRequested();
                stopReason = Emit(draft[i]);
                speculation.Append(draft[i]);
            }

            if (stopReason is not null)
            {
                break;
            }

            job.Token.ThrowIfCancellationRequested();
            token = next;
        }

        // A stop inside an accepted draft leaves KV entries a plain run would not have made: the slot keeps exactly the
        // prompt and every emitted token but the last, as without drafting, so the next request reuses the same prefix.
        ForgetFrom(slot, prompt.Length + generated - 1);

        StopReason? Emit(int token)
        {
            generated++;
            counters.AddGenerated(1);
            if (generated == 1)
            {
                // Measured from arrival, queue included: that is the wait the user sees.
                timeToFirstToken = job.SinceEnqueued.Elapsed;
            }

            if (extraStopTokens.Contains(token) || vocabulary.IsEndOfGeneration(token))
            {
                return StopReason.EndOfText;
            }

            var budgetExpired = options.TimeBudget is { } budget && generationClock.Elapsed >= budget;
            var length = vocabulary.TokenBytes(token, ref pieceBuffer);
            var text = filter.Push(header.Push(utf8.Decode(pieceBuffer.AsSpan(0, length))), budgetExpired);
            if (text.Length > 0)
            {
                job.Write(new GenerationChunk(text));
            }

            if (filter.StopReason is { } textStop)
            {
                return textStop;
            }

            if (loop.Add(token))
            {
                return StopReason.Loop;
            }

            if (budgetExpired && ++tokensAfterBudget >= TokensToWaitForNewlineAfterBudget)
            {
                return StopReason.TimeBudget;
            }

            if (unplannedBudget is { } deadline && generated >= LatencyPlan.MinimumGeneratedTokens
                && promptTime + generationClock.Elapsed >= deadline)
            {
                return StopReason.LatencyBudget;
            }

            // The prompt and every emitted token but this one are in the slot (drafts past it are not counted).
            return prompt.Length + generated - 1 >= slotContextSize ? StopReason.MaxTokens
                : generated >= maxTokens ? (budgeted.TokenCap is null ? StopReason.MaxTokens : StopReason.LatencyBudget)
                : null;
        }

        var generationTime = generationClock.Elapsed;
        var generationDecodeTime = Stopwatch.GetElapsedTime(0, decodeTimestampTicks - decodeTicksBefore);
        var stats = new GenerationStats
        {
            PromptTokens = prompt.Length,
            ReusedPromptTokens = reused,
            CommonPrefixWithPreviousPrompt = commonWithPrevious,
            GeneratedTokens = generated,
            StopReason = stopReason.Value,
            DraftedTokens = speculation?.DraftedTokens ?? 0,
            AcceptedDraftTokens = speculation?.AcceptedTokens ?? 0,
            VerifySteps = speculation?.VerifySteps ?? 0,
            QueueTime = queueTime,
            PromptTime = promptTime,
            TimeToFirstToken = timeToFirstToken,
            GenerationTime = generationTime,
            GenerationDecodeTime = generationDecodeTime,
            SlotId = slot.Id,
            PromptTruncated = truncated,
            BudgetTokenCap = budgeted.TokenCap,
            PromptTokensCutForBudget = budgeted.CutTokens,
        };
        // The first token comes from the prompt's logits; only the others cost a decode step each.
        speedMeter.Record(stats.EvaluatedPromptTokens, promptTime, generated - 1, generationTime);
        counters.RecordCompletion(stats.GenerationTokensPerSecond, stats.PromptTokensPerSecond);
        logger.LogDebug(
            "Slot {Slot}: prompt {Prompt} tokens ({Reused} reused) in {PromptMs:F0} ms, {Generated} generated at {Speed:F1} tok/s, stop {Stop}",
            slot.Id, stats.PromptTokens, reused, promptTime.TotalMilliseconds, generated, stats.GenerationTokensPerSecond, stopReason);
        if (speculation is not null)
        {
            logger.LogDebug(
                "Slot {Slot}: drafted {Drafted} tokens, accepted {Accepted}, in {VerifySteps} verify steps",
                slot.Id, stats.DraftedTokens, stats.AcceptedDraftTokens, stats.VerifySteps);
        }
        // Released before the last chunk, so a caller that has its answer sees every slot free.
        PublishSlots(busy: null);
        job.Complete(new GenerationChunk(filter.Flush(), stats));
    }

    /// <summary>
    /// Tokenizes the formatted prompt segment by segment and cuts it to the slot's budget; the cut segments too, unless
    /// even the uncuttable parts were too long.
    /// </summary>
    private (int[] Tokens, bool Truncated, IReadOnlyList<TokenizedSegment>? Fitted) TokenizePrompt(FormattedPrompt prompt, GenerationOptions options)
    {
        // Content is plain text: a document that spells <|user|>, or a ChatGLM3 word holding "eop", stays text.
        var segments = prompt.Segments
            .Select(s => new TokenizedSegment(vocabulary.TokenizeSegment(s), s.Cut, s.MaxShareOfBudget))
            .ToList();
        var (fitted, overflow) = PromptTruncator.FitSegments(segments, PromptBudget(options), vocabulary.IsControl);
        var (tokens, truncated) = overflow == 0
            ? ([.. fitted.SelectMany(s => s.Tokens)], !ReferenceEquals(fitted, segments))
            : PromptTruncator.Fit(segments, PromptBudget(options), vocabulary.IsControl);
        return tokens.Length > 0 ? (tokens, truncated, overflow == 0 ? fitted : null) : throw new ArgumentException("The prompt has no tokens.");
    }

    private int PromptBudget(GenerationOptions options)
    {
        // Room for the answer, but never more than half the slot: a long prompt with a huge MaxTokens still runs.
        var budget = slotContextSize - Math.Min(Math.Max(options.MaxTokens, 1), slotContextSize / 2);
        if (options.MaxPromptTokens is { } limit)
        {
            budget = Math.Min(budget, limit);
        }

        return Math.Max(budget, 1);
    }

    private void PublishSlots(KvSlot? busy) =>
        counters.PublishSlots([.. slots.Select(s => new KvSlotState(s.Id, ReferenceEquals(s, busy), s.Tokens.Count))]);

    /// <summary>Removes the KV entries from <paramref name="position"/> on, keeping the slot's token list in step.</summary>
    private void ForgetFrom(KvSlot slot, int position)
    {
        if (position < slot.Tokens.Count)
        {
            context!.NativeHandle.MemorySequenceRemove((LLamaSeqId)slot.Id, position, -1);
            slot.Tokens.RemoveRange(position, slot.Tokens.Count - position);
        }
    }

    /// <summary>
    /// Decodes the emitted <paramref name="token"/> and its <paramref name="draft"/> in one call, keeps the draft's
    /// accepted prefix in the slot and removes the rest, so the slot's tokens still equal its KV entries.
    /// </summary>
    private (int Accepted, int Next) Verify(KvSlot slot, int token, ReadOnlySpan<int> draft, CancellationToken cancellationToken)
    {
        Span<int> tokens = stackalloc int[draft.Length + 1];
        tokens[0] = token;
        draft.CopyTo(tokens[1..]);
        Evaluate(slot, tokens, cancellationToken, logitsAtEveryPosition: true);
        var (accepted, next) = DraftVerifier.Check(context!.NativeHandle, draft);
        ForgetFrom(slot, slot.Tokens.Count - (draft.Length - accepted));
        return (accepted, next);
    }

    /// <summary>Decodes tokens at the end of the slot in chunks of the batch size; returns the logits index of the last.</summary>
    /// <param name="logitsAtEveryPosition">Logits for every token (a verification, which fits one chunk), not only the last.</param>
    private int Evaluate(KvSlot slot, ReadOnlySpan<int> tokens, CancellationToken cancellationToken, bool logitsAtEveryPosition = false)
    {
        var logitsIndex = 0;
        for (var start = 0; start < tokens.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = tokens.Slice(start, Math.Min(batchSize, tokens.Length - start));
            var isLast = start + chunk.Length == tokens.Length;
            batch.Clear();
            for (var i = 0; i < chunk.Length; i++)
            {
                batch.Add(chunk[i], slot.Tokens.Count + i, (LLamaSeqId)slot.Id, logitsAtEveryPosition || (isLast && i == chunk.Length - 1));
            }

            var decodeStart = Stopwatch.GetTimestamp();
            var result = context!.NativeHandle.Decode(batch);
            decodeTimestampTicks += Stopwatch.GetTimestamp() - decodeStart;
            var injected = testHooks?.FailsDecodeCall() == true;
            if (result != DecodeResult.Ok || injected)
            {
                if (result == DecodeResult.ComputeAborted)
                {
                    // The abort callback saw the job's token cancelled in the middle of the call. Whatever the aborted
                    // call left behind goes, so the token list matches the KV again and the prefix stays reusable.
                    context.NativeHandle.MemorySequenceRemove((LLamaSeqId)slot.Id, slot.Tokens.Count, -1);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                // Any other failure means the model broke mid-call; nothing it wrote to this slot can be trusted, so the
                // slot is emptied whole (one prompt re-evaluation is the price) instead of reused half-written.
                context.NativeHandle.MemorySequenceRemove((LLamaSeqId)slot.Id, 0, -1);
                slot.Tokens.Clear();
                var reason = injected ? "an injected fault (FailDecodeCall)" : result.ToString();
                throw new GenerationFailedException(
                    $"The model failed mid-generation: llama_decode failed with {reason} for {chunk.Length} tokens of slot {slot.Id}; the slot was emptied.");
            }

            slot.Tokens.AddRange(chunk);
            counters.AddEvaluated(chunk.Length);
            logitsIndex = chunk.Length - 1;
        }

        return logitsIndex;
    }
}
