using Glm.Inference.Engine;

namespace Glm.Lsp.Tests.RealEngine;

/// <summary>
/// Holds the real engine's llama_decode calls, inside llama.cpp's abort-callback poll, from <see cref="Close"/> until
/// <see cref="Open"/>, so a test can keep a generation in flight while it sends more requests instead of hoping the
/// machine is slow enough. A held call whose own request is cancelled goes on at once, so a superseded call still ends.
/// </summary>
internal sealed class DecodeGate : IEngineTestHooks
{
    private volatile TaskCompletionSource opened = NewOpened();

    public DecodeGate() => opened.SetResult();

    public void Close() => opened = NewOpened();

    public void Open() => opened.TrySetResult();

    public bool AbortPolled(CancellationToken runningToken)
    {
        try
        {
            opened.Task.Wait(runningToken);
        }
        catch (OperationCanceledException)
        {
            // The call's request was cancelled while held: the callback answers for it as usual and the call stops.
        }

        return true;
    }

    private static TaskCompletionSource NewOpened() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
