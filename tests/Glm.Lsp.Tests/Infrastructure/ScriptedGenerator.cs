using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Glm.Inference.Generation;

namespace Glm.Lsp.Tests.Infrastructure;

/// <summary>
/// A deterministic generator for protocol tests only: it answers with text chosen by <see cref="Respond"/>, streamed
/// in pieces of <see cref="ChunkLength"/> characters, and honours cancellation between pieces as the engine does
/// between decode steps. Tests with the real engine and a predictable model are added by the lead after merging.
/// </summary>
public sealed class ScriptedGenerator : ITextGenerator
{
    public ModelDescription Model { get; init; } = new("scripted", ModelProfile.Glm4, false, 4096, "scripted (tests)");

    public Func<GenerationRequest, string> Respond { get; set; } = _ => "";

    public int ChunkLength { get; init; } = 4;

    /// <summary>The speeds the generator reports as measured (<see cref="ITextGenerator.Speeds"/>); null by default.</summary>
    public MeasuredSpeeds? Speeds { get; set; }

    /// <summary>When set, each chunk waits until this task completes, so tests can hold a generation mid-way.</summary>
    public Task? Gate { get; set; }

    /// <summary>
    /// When set, each stream waits for this task after its last chunk, deaf to cancellation: the model already finished
    /// normally, so a cancellation arriving now (an edit of the document) cannot stop it. <see cref="Finished"/> says when.
    /// </summary>
    public Task? HoldAfterLastChunk { get; set; }

    /// <summary>Streams that have sent their last chunk.</summary>
    public int Finished => Volatile.Read(ref finished);

    public ConcurrentQueue<GenerationRequest> Requests { get; } = new();

    public bool Disposed { get; private set; }

    /// <summary>Generations that stopped because their token was cancelled while waiting at <see cref="Gate"/>.</summary>
    public int Cancellations => Volatile.Read(ref cancellations);

    private int cancellations;
    private int finished;

    public async IAsyncEnumerable<GenerationChunk> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(request);
        var text = Respond(request);
        var produced = 0;
        for (var i = 0; i < text.Length; i += ChunkLength)
        {
            if (Gate is { } gate)
            {
                try
                {
                    await gate.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancellations);
                    throw;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            var piece = text.Substring(i, Math.Min(ChunkLength, text.Length - i));
            produced++;
            yield return new GenerationChunk(piece);
        }

        yield return new GenerationChunk("", new GenerationStats
        {
            PromptTokens = CountTokens(PromptText(request.Prompt)),
            ReusedPromptTokens = 0,
            GeneratedTokens = produced,
            StopReason = StopReason.EndOfText,
            GenerationTime = TimeSpan.FromMilliseconds(produced),
        });
        Interlocked.Increment(ref finished);
        if (HoldAfterLastChunk is { } hold)
        {
            await hold;
        }
    }

    /// <summary>False (the default) answers prefills as a generator without a cache does; true records them in
    /// <see cref="Prefills"/> and answers that the whole prompt is cached now.</summary>
    public bool SupportsPrefill { get; init; }

    /// <summary>When set, each supported prefill waits until this task completes or the prefill is cancelled.</summary>
    public Task? PrefillGate { get; set; }

    /// <summary>
    /// When set, each supported prefill waits for this task after <see cref="PrefillGate"/>, deaf to cancellation, as the
    /// engine finishes the decode chunk it is in before it sees a stop.
    /// </summary>
    public Task? PrefillHold { get; set; }

    /// <summary>What supported prefills answer for <see cref="PrefillResult.Preempted"/>: true says a request took the
    /// slot before the whole prompt was evaluated.</summary>
    public bool PrefillPreempted { get; init; }

    /// <summary>Every prefill asked for, supported or not, in order.</summary>
    public ConcurrentQueue<GenerationRequest> Prefills { get; } = new();

    /// <summary>Prefills that stopped because their token was cancelled while waiting at <see cref="PrefillGate"/>.</summary>
    public int PrefillCancellations => Volatile.Read(ref prefillCancellations);

    private int prefillCancellations;

    public async Task<PrefillResult> PrefillAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        Prefills.Enqueue(request);
        if (!SupportsPrefill)
        {
            return PrefillResult.Unsupported;
        }

        if (PrefillGate is { } gate)
        {
            try
            {
                await gate.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref prefillCancellations);
                throw;
            }
        }

        if (PrefillHold is { } hold)
        {
            await hold;
        }

        var tokens = CountTokens(PromptText(request.Prompt));
        return new PrefillResult(tokens, tokens, tokens, PrefillPreempted);
    }

    /// <summary>One token per character: simple and exact, so token budgets in tests are character budgets.</summary>
    public int CountTokens(string text) => text.Length;

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    private static string PromptText(Prompt prompt) => prompt switch
    {
        RawPrompt raw => raw.Text,
        FillInTheMiddlePrompt fim => fim.Prefix + fim.Suffix,
        ChatPrompt chat => string.Concat(chat.Messages.Select(m => m.Content)),
        _ => "",
    };
}
