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
        TraceSource = LoggerTraceListener.SourceFor("StreamJsonRpc", logger);
        Disconnected += OnDisconnected;
    }

    /// <summary>A connection reading <paramref name="input"/> through <see cref="FrameFilter"/> and writing LSP frames to
    /// <paramref name="output"/>; it dispatches nothing until the caller has added its handlers and starts listening.</summary>
    public static LspJsonRpc Open(Stream input, Stream output, ServerLifecycle lifecycle, ILoggerFactory loggerFactory)
    {
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = LspJson.Options };
        var frames = new FrameFilter(input, loggerFactory.CreateLogger<FrameFilter>());
        var handler = new ResilientMessageHandler(output, frames, formatter, loggerFactory.CreateLogger<ResilientMessageHandler>());
        frames.Start();
        return new LspJsonRpc(handler, formatter, lifecycle, loggerFactory.CreateLogger<LspJsonRpc>());
    }

    protected override async ValueTask<JsonRpcMessage> DispatchRequestAsync(JsonRpcRequest request, TargetMethod targetMethod, CancellationToken cancellationToken)
    {
        var method = request.Method ?? string.Empty;
        var refusal = lifecycle.Admit(method, request.IsResponseExpected);
        if (refusal is null)
        {
            var response = await base.DispatchRequestAsync(request, targetMethod, cancellationToken);
            if (!request.IsResponseExpected && response is JsonRpcError failure)
            {
                // A failed notification has nobody to answer; without this line the client's mistake would vanish.
                logger.LogWarning("Ignored {Method}: {Reason}", method, failure.Error?.Message);
            }

            return response;
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

    /// <summary>
    /// Parameters that do not fit the method's types (a string where a number belongs, a missing required member)
    /// are the client's error: InvalidParams with the serializer's message, which names the JSON path but never the
    /// values. Everything else keeps StreamJsonRpc's mapping.
    /// </summary>
    protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
    {
        if (exception is Glm.Inference.Generation.GenerationFailedException failure)
        {
            // The model broke mid-generation: the user sees why, without the stack trace StreamJsonRpc would attach.
            return new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)LspErrorCodes.RequestFailed, Message = failure.Message };
        }

        var invalidParams = FindInvalidParams(exception);
        return invalidParams is null
            ? base.CreateErrorDetails(request, exception)
            : new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.InvalidParams, Message = invalidParams.Message };
    }

    private static Exception? FindInvalidParams(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is System.Text.Json.JsonException or InvalidParamsException or InvalidInputException)
            {
                return exception;
            }
        }

        return null;
    }

    private void OnDisconnected(object? sender, JsonRpcDisconnectedEventArgs e)
    {
        if (e.Reason is DisconnectedReason.RemotePartyTerminated or DisconnectedReason.LocallyDisposed)
        {
            logger.LogInformation("The client closed the connection ({Reason})", e.Reason);
            return;
        }

        // A broken frame leaves no reliable place to resume reading: the server says why and exits with code 1.
        logger.LogError("The connection to the client broke ({Reason}): {Description}", e.Reason, e.Exception?.Message ?? e.Description);
    }
}
