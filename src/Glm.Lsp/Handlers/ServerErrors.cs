using Glm.Lsp.Models;
using Glm.Lsp.Protocol;
using StreamJsonRpc;

namespace Glm.Lsp.Handlers;

/// <summary>Errors a request can end with, with codes from the spec and messages a user can act on.</summary>
internal static class ServerErrors
{
    public static LocalRpcException ModelNotReady(ModelHost models) =>
        new($"The model is not ready ({models.State}){(models.LastError is null ? "" : ": " + models.LastError)}") { ErrorCode = LspErrorCodes.RequestFailed };

    public static LocalRpcException DocumentNotOpen(string uri) =>
        new($"The document is not open: {uri}") { ErrorCode = LspErrorCodes.InvalidParams };

    public static LocalRpcException ContentModified(string uri) =>
        new($"The document changed since the action was offered: {uri}") { ErrorCode = LspErrorCodes.ContentModified };

    public static LocalRpcException ContentModifiedWhileGenerating(string uri) =>
        new($"The document changed while the edit was generated; nothing was applied: {uri}") { ErrorCode = LspErrorCodes.ContentModified };

    public static LocalRpcException InvalidParams(string message) => new(message) { ErrorCode = LspErrorCodes.InvalidParams };
}
