namespace Glm.Lsp.Protocol;

/// <summary>
/// Parameters that deserialized but break the protocol's rules (a null where the spec requires a value). The client
/// gets InvalidParams (−32602) with this message; for a notification the message is logged.
/// </summary>
public sealed class InvalidParamsException(string message) : Exception(message);
