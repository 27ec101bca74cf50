namespace Glm.Lsp.Models;

/// <summary>
/// Passes every status and problem on to the observer that reports them, and raises <see cref="Ready"/> once per load
/// when that load's model becomes ready, for the features that start work of their own then (the background prefill).
/// Raised under the host's lock like every observer call: a handler only queues its work.
/// </summary>
public sealed class ModelReadyObserver(IModelStatusObserver inner) : IModelStatusObserver
{
    private int lastReadyLoadId = -1;

    /// <summary>A load finished and its generator is the one that answers now.</summary>
    public event Action? Ready;

    public void StatusChanged(ModelStatus status)
    {
        inner.StatusChanged(status);

        // Ready statuses repeat while the model works (the generating spinner); only the first of a load is news.
        if (status.State == ModelLoadState.Ready && status.LoadId != lastReadyLoadId)
        {
            lastReadyLoadId = status.LoadId;
            Ready?.Invoke();
        }
    }

    public void ProblemFound(ModelProblem problem) => inner.ProblemFound(problem);
}
