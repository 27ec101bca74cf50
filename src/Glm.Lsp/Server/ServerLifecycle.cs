using Glm.Lsp.Protocol;

namespace Glm.Lsp.Server;

/// <summary>
/// The initialize → initialized → shutdown → exit state machine of the spec, kept in one place so that every
/// message passes the same gate before it reaches a handler.
/// https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#lifeCycleMessages
/// </summary>
internal sealed class ServerLifecycle
{
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile LifecycleState state = LifecycleState.WaitingForInitialize;

    public LifecycleState State => state;

    /// <summary>Completes with the process exit code once <c>exit</c> arrives: 0 after <c>shutdown</c>, otherwise 1.</summary>
    public Task<int> Exited => exited.Task;

    public bool ShutdownRequested => state is LifecycleState.ShutDown;

    /// <summary>Decides whether a message may run now; null means yes.</summary>
    public LifecycleRefusal? Admit(string method, bool isRequest)
    {
        if (method == "exit")
        {
            return null;
        }

        return state switch
        {
            LifecycleState.WaitingForInitialize when method == "initialize" => null,
            LifecycleState.WaitingForInitialize => isRequest
                ? new LifecycleRefusal(LspErrorCodes.ServerNotInitialized, $"The server is not initialized: send 'initialize' before '{method}'.")
                : new LifecycleRefusal(null, "Notification before initialize."),
            LifecycleState.Running when method == "initialize" =>
                new LifecycleRefusal(LspErrorCodes.InvalidRequest, "The server is already initialized: 'initialize' may be sent only once."),
            LifecycleState.Running => null,
            _ => isRequest
                ? new LifecycleRefusal(LspErrorCodes.InvalidRequest, $"The server is shutting down: '{method}' is refused, only 'exit' is accepted.")
                : new LifecycleRefusal(null, "Notification after shutdown."),
        };
    }

    public void MarkInitialized() => state = LifecycleState.Running;

    public void MarkShutDown() => state = LifecycleState.ShutDown;

    /// <summary>The spec asks for exit code 1 when <c>exit</c> comes without a <c>shutdown</c> before it.</summary>
    public void MarkExited() => exited.TrySetResult(state is LifecycleState.ShutDown ? 0 : 1);
}

internal enum LifecycleState
{
    WaitingForInitialize,
    Running,
    ShutDown,
}
