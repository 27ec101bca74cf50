using System.Diagnostics;
using System.Threading.Channels;
using Glm.Inference.Generation;

namespace Glm.Inference.Engine;

/// <summary>
/// One request on its way through the engine: the caller reads chunks from <see cref="Reader"/> while the inference
/// thread writes them. It ends exactly once: completed, or failed with the exception the caller will see.
/// </summary>
internal sealed class GenerationJob : IDisposable
{
    private readonly Channel<GenerationChunk> channel = Channel.CreateUnbounded<GenerationChunk>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource cancellation;
    private readonly CancellationToken callerToken;
    private int finished;
    private volatile bool superseded;

    public GenerationJob(GenerationRequest request, long sequence, CancellationToken callerToken)
    {
        Request = request;
        Sequence = sequence;
        this.callerToken = callerToken;
        cancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        // Kept apart from the source: the token stays readable after the source is disposed.
        Token = cancellation.Token;
    }

    public GenerationRequest Request { get; }

    /// <summary>Set for a background prefill (it fills the cache and streams nothing); null for a generation.</summary>
    public PrefillWork? Prefill { get; init; }

    /// <summary>Arrival order; among equal priorities the earlier request runs first.</summary>
    public long Sequence { get; }

    public Stopwatch SinceEnqueued { get; } = Stopwatch.StartNew();

    /// <summary>Cancelled by the caller, by a superseding request, or by engine shutdown.</summary>
    public CancellationToken Token { get; }

    public ChannelReader<GenerationChunk> Reader => channel.Reader;

    /// <summary>The exception the stream throws once its chunks are read; null while running or after success.</summary>
    public Exception? Failure { get; private set; }

    public bool IsFinished => Volatile.Read(ref finished) != 0;

    public void Write(GenerationChunk chunk) => channel.Writer.TryWrite(chunk);

    public void Complete(GenerationChunk last)
    {
        if (Interlocked.Exchange(ref finished, 1) == 0)
        {
            channel.Writer.TryWrite(last);
            channel.Writer.TryComplete();
        }
    }

    public void Fail(Exception exception)
    {
        if (Interlocked.Exchange(ref finished, 1) == 0)
        {
            Failure = exception;
            channel.Writer.TryComplete();
        }
    }

    /// <summary>The exception for a stop caused by <see cref="Token"/>: superseded or cancelled.</summary>
    public OperationCanceledException CancellationException() => superseded
        ? new GenerationSupersededException()
        : new OperationCanceledException("The generation was cancelled.", callerToken.IsCancellationRequested ? callerToken : Token);

    /// <summary>Marks the job as replaced by a newer request and stops it.</summary>
    public void Supersede()
    {
        superseded = true;
        Cancel();
    }

    public void Cancel()
    {
        try
        {
            cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The job already ended and released its token source; there is nothing left to stop.
        }
    }

    public void Dispose() => cancellation.Dispose();
}
