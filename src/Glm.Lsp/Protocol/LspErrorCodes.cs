namespace Glm.Lsp.Protocol;

/// <summary>JSON-RPC and LSP error codes the server sends.</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#errorCodes</remarks>
public static class LspErrorCodes
{
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerNotInitialized = -32002;
    public const int RequestFailed = -32803;
    public const int RequestCancelled = -32800;
    public const int ContentModified = -32801;
}
