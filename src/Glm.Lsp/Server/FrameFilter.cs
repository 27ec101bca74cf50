using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;

namespace Glm.Lsp.Server;

/// <summary>
/// Reads the client's Content-Length frames and is the only reader of the client's stream: it hands each frame's
/// content to <see cref="ResilientMessageHandler"/> as a whole array, so StreamJsonRpc never parses a header or slices a
/// pooled buffer. Before that, StreamJsonRpc re-read re-framed messages from a pipe and, about once in 3,000–7,000
/// fuzzed messages, lost the frame boundary ("No Content-Length header detected") although every frame was canonical;
/// it happened mostly right after a generation was cancelled (docs/reliability.md, defect 10). A frame is consumed
/// whole before it is judged, so a bad one is skipped with a warning (or, for a request with a usable id, answered with
/// InvalidRequest) and the stream stays in step. A broken frame (no Content-Length, a header line without "\r\n" or a
/// colon, the stream ending inside a frame) leaves no reliable place to resume: it is logged and the input ends, and
/// the editor restarts the server.
/// </summary>
internal sealed class FrameFilter(Stream input, ILogger logger) : IDisposable
{
    private const int MaxHeaderLine = 1024;

    // A few frames of read-ahead: enough to keep the reader busy, little enough that a flood waits for the server.
    private readonly Channel<FilteredFrame> frames = Channel.CreateBounded<FilteredFrame>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource stopping = new();

    public void Start()
    {
        // Taken here, before anything can dispose the source: a cancelled token stays usable after Dispose.
        var token = stopping.Token;
        // A thread of its own with blocking reads: stdin's stream has no asynchronous read, so an awaited read would
        // block a thread-pool thread while the client is silent, and on one CPU that thread is the pool's only one.
        new Thread(() => Pump(token)) { IsBackground = true, Name = "glm-lsp input" }.Start();
    }

    /// <summary>Stops reading the client's stream (the connection is being disposed).</summary>
    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    /// <summary>The next frame, or null once the input has ended (cleanly or at a broken frame).</summary>
    public async ValueTask<FilteredFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        while (await frames.Reader.WaitToReadAsync(cancellationToken))
        {
            if (frames.Reader.TryRead(out var frame))
            {
                return frame;
            }
        }

        return null;
    }

    private void Pump(CancellationToken token)
    {
        var source = new BufferedStream(input, 1 << 16);
        try
        {
            while (ReadFrame(source) is { } content)
            {
                token.ThrowIfCancellationRequested();
                var frame = Judge(content, out var reason);
                if (frame is null)
                {
                    logger.LogWarning("Skipped a message that is not valid JSON-RPC: {Reason}", reason);
                    continue;
                }

                if (frame is RefusedRequest refused)
                {
                    logger.LogWarning("Answered request {Id} with InvalidRequest: {Reason}", refused.Id, reason);
                }

                if (!frames.Writer.TryWrite(frame))
                {
                    // The read-ahead is full: this thread waits for the server to catch up (it is no pool thread).
                    frames.Writer.WriteAsync(frame, token).AsTask().GetAwaiter().GetResult();
                }
            }
        }
        catch (InvalidDataException exception)
        {
            logger.LogError("The connection to the client broke: {Reason}", exception.Message);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            logger.LogInformation("The client's input ended: {Reason}", exception.Message);
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // The connection is being disposed (which may break a read under way); nobody reads the frames any more.
        }
        catch (Exception exception)
        {
            // Anything else escaping a thread of its own would end the process; the input ends instead, as for a broken frame.
            logger.LogError("The connection to the client broke: {Reason}", exception.Message);
        }

        frames.Writer.TryComplete();
    }

    /// <summary>The next frame's content, or null when the stream ends between frames.</summary>
    private static byte[]? ReadFrame(Stream source)
    {
        int? contentLength = null;
        var first = true;
        while (true)
        {
            var line = ReadHeaderLine(source, atFrameStart: first);
            if (line is null)
            {
                return null;
            }

            first = false;
            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new InvalidDataException("Colon not found in header.");
            }

            if (line[..colon].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                {
                    throw new InvalidDataException("Unable to parse Content-Length header value as an integer.");
                }

                contentLength = length;
            }
        }

        if (contentLength is null)
        {
            throw new InvalidDataException("No Content-Length header detected.");
        }

        var content = new byte[contentLength.Value];
        try
        {
            source.ReadExactly(content);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"The stream ended inside a message of {contentLength} bytes.");
        }

        return content;
    }

    private static string? ReadHeaderLine(Stream source, bool atFrameStart)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (source.Read(one) == 0)
            {
                if (atFrameStart && bytes.Count == 0)
                {
                    return null;
                }

                throw new InvalidDataException("The stream ended inside a header.");
            }

            if (one[0] == '\n')
            {
                if (bytes.Count == 0 || bytes[^1] != '\r')
                {
                    throw new InvalidDataException("Header does not end with expected \\r\\n character sequence.");
                }

                return Encoding.ASCII.GetString(bytes.ToArray(), 0, bytes.Count - 1);
            }

            if (bytes.Count >= MaxHeaderLine)
            {
                throw new InvalidDataException($"A header line is longer than {MaxHeaderLine} bytes.");
            }

            bytes.Add(one[0]);
        }
    }

    /// <summary>
    /// Accepts a JSON-RPC 2.0 envelope in valid UTF-8: an object with "jsonrpc": "2.0", a string method or a response's
    /// result/error, an id that is an integer, a string or null, and params that are an object or an array. Anything
    /// else made StreamJsonRpc's formatter throw part-way through the frame, so it is refused here: a message that
    /// says "2.0" and carries a usable id and a method becomes a <see cref="RefusedRequest"/> (the client is waiting
    /// for that id), anything else null (no id can be trusted).
    /// </summary>
    private static FilteredFrame? Judge(byte[] content, out string reason)
    {
        if (!System.Text.Unicode.Utf8.IsValid(content))
        {
            reason = "The message is not valid UTF-8.";
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                reason = "Expected a JSON object at the root of the message.";
                return null;
            }

            if (!root.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
            {
                reason = "The message does not say \"jsonrpc\": \"2.0\".";
                return null;
            }

            var hasId = root.TryGetProperty("id", out var id);
            if (hasId && id.ValueKind is not (JsonValueKind.Number or JsonValueKind.String or JsonValueKind.Null))
            {
                reason = "The id is neither a number nor a string.";
                return null;
            }

            if (hasId && id.ValueKind == JsonValueKind.Number && !id.TryGetInt64(out _))
            {
                reason = "The id is not an integer.";
                return null;
            }

            if (!root.TryGetProperty("method", out var method))
            {
                reason = hasId && (root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _)) ? string.Empty
                    : "The message is neither a request, a notification nor a response.";
                return reason.Length == 0 ? new AcceptedFrame(content) : null;
            }

            reason = method.ValueKind != JsonValueKind.String ? "The method is not a string."
                : root.TryGetProperty("params", out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null) ? "The params are neither an object nor an array."
                : string.Empty;
            if (reason.Length == 0)
            {
                return new AcceptedFrame(content);
            }

            return id.ValueKind switch
            {
                JsonValueKind.Number when hasId => new RefusedRequest(new RequestId(id.GetInt64()), reason),
                JsonValueKind.String when hasId => new RefusedRequest(new RequestId(id.GetString()), reason),
                _ => null,
            };
        }
        catch (JsonException exception)
        {
            reason = exception.Message;
            return null;
        }
    }
}
