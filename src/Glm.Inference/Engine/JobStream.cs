using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Glm.Inference.Generation;

namespace Glm.Inference.Engine;

/// <summary>The caller's view of a job: its chunks as they come, then its failure, if any.</summary>
internal sealed class JobStream(GenerationJob job) : IAsyncEnumerable<GenerationChunk>
{
    public IAsyncEnumerator<GenerationChunk> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        Read(cancellationToken).GetAsyncEnumerator(cancellationToken);

    private async IAsyncEnumerable<GenerationChunk> Read([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Cancelling the enumeration cancels the job; the engine then ends it within one decode step and the
        // failure below reaches the caller, so the caller sees the end only after the engine really stopped.
        using var registration = cancellationToken.Register(job.Cancel);
        var sawLast = false;
        try
        {
            while (await job.Reader.WaitToReadAsync(CancellationToken.None))
            {
                while (job.Reader.TryRead(out var chunk))
                {
                    sawLast |= chunk.Completed is not null;
                    yield return chunk;
                }
            }
        }
        finally
        {
            // A consumer that stops early (break, dispose) no longer wants the rest.
            if (!sawLast)
            {
                job.Cancel();
            }
        }

        if (job.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }
}
