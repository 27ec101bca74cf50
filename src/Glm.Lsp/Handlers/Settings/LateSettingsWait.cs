namespace Glm.Lsp.Handlers;

/// <summary>
/// Neovim pushes its settings with workspace/didChangeConfiguration right after 'initialized'; a server that judged its
/// model settings at 'initialized' reported "no model is configured" and then loaded the model a moment later. With no
/// model configured by then, the server waits for the first didChangeConfiguration, at most <paramref name="bound"/>,
/// before it reports anything.
/// </summary>
internal sealed class LateSettingsWait(TimeSpan bound)
{
    private readonly TaskCompletionSource over = NewSource(bound);

    /// <summary>True until the first didChangeConfiguration or the end of the bound: "no model" is not reported yet.</summary>
    public bool IsWaiting => !over.Task.IsCompleted;

    /// <summary>Settings arrived (or are not needed): the wait is over.</summary>
    public void End() => over.TrySetResult();

    /// <summary>Completes when settings arrived or the bound passed, whichever is first.</summary>
    public async Task WaitAsync()
    {
        try
        {
            await over.Task.WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            // The client had its chance; what is configured now is reported.
        }

        End();
    }

    private static TaskCompletionSource NewSource(TimeSpan bound)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (bound <= TimeSpan.Zero)
        {
            source.SetResult();
        }

        return source;
    }
}
