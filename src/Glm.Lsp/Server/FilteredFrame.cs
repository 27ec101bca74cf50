using StreamJsonRpc;

namespace Glm.Lsp.Server;

/// <summary>What <see cref="FrameFilter"/> hands on for one well-framed message.</summary>
internal abstract record FilteredFrame;

/// <summary>
/// The content of a JSON-RPC 2.0 envelope, in an array of its own: the formatter's parsed document may point into it
/// for as long as the message lives, so it is never a pooled or reused buffer.
/// </summary>
internal sealed record AcceptedFrame(byte[] Content) : FilteredFrame;

/// <summary>A request whose id can be trusted but whose envelope is not valid JSON-RPC: it is answered with an error.</summary>
internal sealed record RefusedRequest(RequestId Id, string Reason) : FilteredFrame;
