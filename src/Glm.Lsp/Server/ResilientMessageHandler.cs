using Microsoft.Extensions.Logging;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Glm.Lsp.Server;

/// <summary>
/// The LSP base protocol (Content-Length framing) with one difference from StreamJsonRpc's handler: a well-framed
/// message whose content is not a JSON-RPC message (broken JSON, invalid UTF-8, an array, a wrong type at the top) is
/// skipped with a warning instead of ending the connection. The frame told us where the next message starts, so the
/// stream is still in step. A broken frame (a bad header, a wrong Content-Length that desynchronises the stream, the
/// stream ending inside a message) still ends the connection: there is no reliable place to resume, and the editor
/// restarts a server that exits.
/// </summary>
internal sealed class ResilientMessageHandler(Stream output, Stream input, IJsonRpcMessageFormatter formatter, ILogger logger)
    : HeaderDelimitedMessageHandler(output, input, formatter)
{
    /// <summary>Messages skipped because their content was not JSON-RPC; for tests and logs.</summary>
    public int SkippedMessages { get; private set; }

    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            JsonRpcMessage? message;
            try
            {
                message = await base.ReadCoreAsync(cancellationToken);
            }
            catch (Exception exception) when (IsContentError(exception))
            {
                SkippedMessages++;
                logger.LogWarning("Skipped a message that is not valid JSON-RPC: {Reason}", exception.Message);
                continue;
            }

            if (message is JsonRpcRequest { IsResponseExpected: true } request && request.Method?.StartsWith("$/", StringComparison.Ordinal) == true)
            {
                // StreamJsonRpc never answers requests to unknown "$/" methods, so the client would wait forever; the
                // LSP spec asks for MethodNotFound (found by the protocol fuzzer). No "$/" request exists that we serve.
                await WriteAsync(MethodNotFound(request), cancellationToken);
                continue;
            }

            return message;
        }
    }

    private JsonRpcError MethodNotFound(JsonRpcRequest request)
    {
        var error = Formatter is IJsonRpcMessageFactory factory ? factory.CreateErrorMessage() : new JsonRpcError();
        error.RequestId = request.RequestId;
        error.Error = new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.MethodNotFound, Message = $"No method by the name '{request.Method}' is found." };
        return error;
    }

    /// <summary>
    /// Content errors come from the formatter after the whole frame was read; framing errors and the end of the
    /// stream come from the header reader and are left to end the connection.
    /// </summary>
    private static bool IsContentError(Exception exception) =>
        exception is not (OperationCanceledException or BadRpcHeaderException or EndOfStreamException or ObjectDisposedException or IOException);
}
