using Glm.Inference.Generation;

namespace Glm.Inference.Engine;

/// <summary>
/// The background-prefill side of a <see cref="GenerationJob"/>: whether a request or a newer prefill stopped it, and
/// what it left in the cache. The queue marks it preempted; the inference thread writes the result before completing.
/// </summary>
/// <param name="callerToken">The caller's own token: its cancellation fails the prefill, while a preemption ends it
/// with a result.</param>
internal sealed class PrefillWork(CancellationToken callerToken)
{
    /// <summary>What a prefill replaced by a newer one before it started reports: nothing read, nothing evaluated.</summary>
    public static PrefillResult ReplacedBeforeStart { get; } = new(0, 0, 0, Preempted: true);

    private volatile bool preempted;

    public bool Preempted => preempted;

    /// <summary>True when the caller cancelled, whatever else happened: that ends the prefill with an exception.</summary>
    public bool CallerCancelled => callerToken.IsCancellationRequested;

    public PrefillResult? Result { get; set; }

    public void MarkPreempted() => preempted = true;
}
