using Glm.Inference.Generation;

namespace Glm.Lsp.Models;

/// <summary>
/// What the model host is doing, as plain data: the one status the editor-facing layer turns into its own messages
/// (the glm/status notification, the glm/getStatus answer and the load's progress bar).
/// </summary>
/// <param name="State">Where the current load stands.</param>
/// <param name="LoadId">Which load the status belongs to; a new load (changed settings, a model file replaced on
/// disk) gets a new one, so an observer can tell a finished load from one that a newer load replaced.</param>
/// <param name="Generating">Whether a generation is streaming right now (only while <see cref="ModelLoadState.Ready"/>).</param>
/// <param name="LoadingFile">The file name of the local model being loaded; null for a remote backend.</param>
/// <param name="LoadPercent">Load progress 0 to 100 while loading, when the loader reports it.</param>
/// <param name="Model">The loaded model's name (ready).</param>
/// <param name="Backend">Where it runs: the engine's own description, or "remote &lt;endpoint&gt; &lt;model&gt;".</param>
/// <param name="ContextLength">The loaded model's context length in tokens (ready).</param>
/// <param name="LastTokensPerSecond">Generation speed of the last finished generation, unrounded.</param>
/// <param name="Message">The problem of a failed load, why no model is configured, a reload's reason, or a notice
/// about the loaded model's file, in the words shown to the user.</param>
/// <param name="Setting">The setting that fixes <see cref="Message"/> when it is a problem.</param>
/// <param name="LastFailure">The message of the last failed generation (a remote server that went away); null after a success.</param>
/// <param name="Speeds">The generator's measured speeds (ready); null before its first measurement and for a remote one.</param>
public sealed record ModelStatus(
    ModelLoadState State,
    int LoadId,
    bool Generating = false,
    string? LoadingFile = null,
    int? LoadPercent = null,
    string? Model = null,
    string? Backend = null,
    int? ContextLength = null,
    double? LastTokensPerSecond = null,
    string? Message = null,
    string? Setting = null,
    string? LastFailure = null,
    MeasuredSpeeds? Speeds = null);

/// <summary>A model problem the user is told about once (a missing or broken model, an unreachable remote server).</summary>
public sealed record ModelProblem(bool IsError, string Message);

/// <summary>
/// Receives the model host's status changes and problems, in the order they happened. Called under the host's lock:
/// an observer only records or queues, it never blocks or calls back into the host.
/// </summary>
public interface IModelStatusObserver
{
    void StatusChanged(ModelStatus status);

    void ProblemFound(ModelProblem problem);
}
