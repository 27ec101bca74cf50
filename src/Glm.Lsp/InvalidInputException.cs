namespace Glm.Lsp;

/// <summary>
/// The editor asked for something its own input makes impossible (a change range that ends before it starts, an
/// instruction that leaves the model no room). Features throw it without knowing the protocol; the protocol layer
/// answers it as InvalidParams (−32602) with this message, or logs it for a notification.
/// </summary>
public sealed class InvalidInputException(string message) : Exception(message);
