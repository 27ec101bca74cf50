using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

/// <summary>
/// Runs <paramref name="polled"/> each time ggml polls the abort callback inside a decode call, so a test can cancel at a
/// moment that is certainly inside one. <paramref name="honourAbort"/> false makes the callback never stop the call, as
/// on a GPU backend.
/// </summary>
internal sealed class AbortPollHooks(Action<CancellationToken> polled, bool honourAbort = true) : IEngineTestHooks
{
    public bool AbortPolled(CancellationToken runningToken)
    {
        polled(runningToken);
        return honourAbort;
    }
}
