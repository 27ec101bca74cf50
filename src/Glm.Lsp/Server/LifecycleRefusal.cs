namespace Glm.Lsp.Server;

/// <summary>Why a message was not dispatched. A null <see cref="Code"/> means the message is dropped silently
/// (notifications get no answer, so there is nobody to tell).</summary>
internal sealed record LifecycleRefusal(int? Code, string Message);
