using Glm.Lsp.Protocol;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Glm.Lsp.Server;

/// <summary>
/// StreamJsonRpc with the LSP lifecycle gate in front of every handler, so handlers never check the state themselves.
/// </summary>
internal sealed class LspJsonRpc : JsonRpc
{
    private readonly ServerLifecycle lifecycle;
    private readonly IJsonRpcMessageFormatter formatter;
    private readonly ILogger logger;

    public LspJsonRpc(IJsonRpcMessageHandler handler, IJsonRpcMessageFormatter formatter, ServerLifecycle lifecycle, ILogger logger)
        : base(handler)
    {
        this.formatter = formatter;
        this.lifecycle = lifecycle;
        this.logger = logger;
    }

    protected override async ValueTask<JsonRpcMessage> DispatchRequestAsync(JsonRpcRequest request, TargetMethod targetMethod, CancellationToken cancellationToken)
    {
        var method = request.Method ?? string.Empty;
        var refusal = lifecycle.Admit(method, request.IsResponseExpected);
        if (refusal is null)
        {
            return await base.DispatchRequestAsync(request, targetMethod, cancellationToken);
        }

        logger.LogDebug("Refused {Method}: {Reason}", method, refusal.Message);
        var error = formatter is IJsonRpcMessageFactory factory ? factory.CreateErrorMessage() : new JsonRpcError();
        error.RequestId = request.RequestId;
        error.Error = new JsonRpcError.ErrorDetail
        {
            // Dropped notifications still need a message object; StreamJsonRpc discards it because no response is expected.
            Code = (JsonRpcErrorCode)(refusal.Code ?? LspErrorCodes.InvalidRequest),
            Message = refusal.Message,
        };
        return error;
    }
}
