using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Glm.Lsp.Server;

/// <summary>
/// The LSP base protocol for StreamJsonRpc, reading from <see cref="FrameFilter"/> instead of a stream: each message
/// arrives as the whole content of one frame in an array of its own, so no header is parsed twice and no pooled
/// buffer sits between the client's bytes and the formatter. Writing is StreamJsonRpc's own Content-Length framing.
/// A message the formatter still rejects is skipped with a warning (the frame said where the next one starts); a
/// request FrameFilter refused gets InvalidRequest; a request to an unknown "$/" method gets MethodNotFound; a response
/// to a request the server never sent is dropped.
/// </summary>
internal sealed class ResilientMessageHandler : HeaderDelimitedMessageHandler
{
    private readonly FrameFilter frames;
    private readonly ILogger logger;

    // The ids of the server's own requests still waiting for the client's answer.
    private readonly ConcurrentDictionary<RequestId, byte> awaitingResponse = new();

    public ResilientMessageHandler(Stream output, FrameFilter frames, IJsonRpcMessageFormatter formatter, ILogger logger)
        : base(output, receivingStream: null, formatter)
    {
        this.frames = frames;
        this.logger = logger;
        DisposalToken.Register(frames.Dispose);
    }

    /// <summary>Messages skipped because the formatter rejected them; for tests and logs.</summary>
    public int SkippedMessages { get; private set; }

    /// <summary>The base class can read only when it owns a reader; this handler reads from <see cref="FrameFilter"/>.</summary>
    public override bool CanRead => true;

    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (await frames.ReadAsync(cancellationToken) is { } frame)
        {
            if (frame is RefusedRequest refused)
            {
                await WriteAsync(Error(refused.Id, JsonRpcErrorCode.InvalidRequest, refused.Reason), cancellationToken);
                continue;
            }

            JsonRpcMessage message;
            try
            {
                message = Formatter.Deserialize(new ReadOnlySequence<byte>(((AcceptedFrame)frame).Content));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                SkippedMessages++;
                logger.LogWarning("Skipped a message that is not valid JSON-RPC: {Reason}", exception.Message);
                continue;
            }

            if (message is IJsonRpcMessageWithId { RequestId: var responseId } and (JsonRpcResult or JsonRpcError) && !awaitingResponse.TryRemove(responseId, out _))
            {
                // StreamJsonRpc ends the connection on a response to a request it never sent (found by replaying the
                // fuzzer's traffic); it is the client's mistake alone, so it is dropped.
                logger.LogWarning("Ignored a response to request {Id}, which the server never sent", responseId);
                continue;
            }

            if (message is JsonRpcRequest { IsResponseExpected: true } request && request.Method?.StartsWith("$/", StringComparison.Ordinal) == true)
            {
                // StreamJsonRpc never answers requests to unknown "$/" methods, so the client would wait forever; the
                // LSP spec asks for MethodNotFound (found by the protocol fuzzer). No "$/" request exists that we serve.
                await WriteAsync(Error(request.RequestId, JsonRpcErrorCode.MethodNotFound, $"No method by the name '{request.Method}' is found."), cancellationToken);
                continue;
            }

            return message;
        }

        return null;
    }

    protected override void Write(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        if (content is JsonRpcRequest { IsResponseExpected: true } request)
        {
            awaitingResponse.TryAdd(request.RequestId, 0);
        }

        base.Write(content, cancellationToken);
    }

    private JsonRpcError Error(RequestId id, JsonRpcErrorCode code, string text)
    {
        var error = Formatter is IJsonRpcMessageFactory factory ? factory.CreateErrorMessage() : new JsonRpcError();
        error.RequestId = id;
        error.Error = new JsonRpcError.ErrorDetail { Code = code, Message = text };
        return error;
    }
}
