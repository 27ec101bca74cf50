using Glm.Inference.Engine;
using Glm.Lsp.Server;
using StreamJsonRpc;

namespace Glm.Lsp.Handlers;

/// <summary>
/// Requests that let a test see the server's own state from outside the process. They exist only when the server was
/// started with the <c>test-methods</c> diagnostic switch (<see cref="DiagnosticSwitches"/>), so an editor can never call them.
/// </summary>
internal sealed class TestMethodsHandler(ServerContext context)
{
    /// <summary>Declared once here and in docs/lsp-extensions.md ("Test-only methods").</summary>
    public const string DocumentTextMethod = "glm/debug/documentText";

    /// <summary>Declared once here and in docs/lsp-extensions.md ("Test-only methods").</summary>
    public const string EngineStateMethod = "glm/debug/engineState";

    /// <summary>The local engine's queue and KV slots, or null when no local engine is loaded (for slot accounting).</summary>
    [JsonRpcMethod(EngineStateMethod)]
    public DebugEngineState? EngineState() =>
        context.Models.EngineStatistics is { } statistics
            ? new DebugEngineState(statistics.QueuedRequests, statistics.RequestRunning, statistics.Slots)
            : null;

    /// <summary>The text and version the server holds for a document, or null when it is not open.</summary>
    [JsonRpcMethod(DocumentTextMethod, UseSingleObjectParameterDeserialization = true)]
    public DebugDocumentText? DocumentText(DebugDocumentTextParams parameters)
    {
        var snapshot = context.Documents.TryGet(parameters.Uri);
        return snapshot is null ? null : new DebugDocumentText(snapshot.Text, snapshot.Version);
    }
}

/// <summary>Parameters of <c>glm/debug/documentText</c>.</summary>
public sealed record DebugDocumentTextParams(string Uri);

/// <summary>Result of <c>glm/debug/engineState</c>.</summary>
public sealed record DebugEngineState(int QueuedRequests, bool RequestRunning, IReadOnlyList<KvSlotState> Slots);

/// <summary>Result of <c>glm/debug/documentText</c>.</summary>
public sealed record DebugDocumentText(string Text, int Version);
