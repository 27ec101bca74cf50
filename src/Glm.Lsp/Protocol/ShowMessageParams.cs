namespace Glm.Lsp.Protocol;

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#window_showMessage</remarks>
public sealed record ShowMessageParams(MessageType Type, string Message);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#messageType</remarks>
public enum MessageType
{
    Error = 1,
    Warning = 2,
    Info = 3,
    Log = 4,
    Debug = 5,
}
