using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Server;

/// <summary>
/// Reads the client's Content-Length frames before StreamJsonRpc does and passes on only those whose content is a JSON
/// object. StreamJsonRpc's reader does not always advance past a frame whose content its formatter rejects, and then
/// reads the rest of that content as the next header and drops the connection (found by the protocol fuzzer). Here a
/// frame is consumed whole before it is judged, so a bad one is skipped with a warning and the stream stays in step.
/// A broken frame (no Content-Length, a header line without "\r\n" or a colon, the stream ending inside a frame)
/// leaves no reliable place to resume: it is logged and the connection ends, and the editor restarts the server.
/// </summary>
internal sealed class FrameFilter(Stream input, ILogger logger)
{
    private const int MaxHeaderLine = 1024;
    private readonly Pipe pipe = new();

    /// <summary>The filtered stream of frames for StreamJsonRpc.</summary>
    public Stream Output => pipe.Reader.AsStream();

    public void Start() => _ = Task.Run(PumpAsync);

    private async Task PumpAsync()
    {
        var source = new BufferedStream(input, 1 << 16);
        try
        {
            while (await ReadFrameAsync(source) is { } content)
            {
                if (!IsJsonObject(content, out var reason))
                {
                    logger.LogWarning("Skipped a message that is not valid JSON-RPC: {Reason}", reason);
                    continue;
                }

                await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {content.Length}\r\n\r\n"));
                await pipe.Writer.WriteAsync(content);
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

        await pipe.Writer.CompleteAsync();
    }

    /// <summary>The next frame's content, or null when the stream ends between frames.</summary>
    private static async Task<byte[]?> ReadFrameAsync(Stream source)
    {
        int? contentLength = null;
        var first = true;
        while (true)
        {
            var line = await ReadHeaderLineAsync(source, atFrameStart: first);
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
            await source.ReadExactlyAsync(content);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"The stream ended inside a message of {contentLength} bytes.");
        }

        return content;
    }

    private static async Task<string?> ReadHeaderLineAsync(Stream source, bool atFrameStart)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await source.ReadAsync(one) == 0)
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
    /// A JSON-RPC 2.0 envelope in valid UTF-8: an object with "jsonrpc": "2.0", a string method or a response's
    /// result/error, an id that is a number, a string or null, and params that are an object or an array. Anything
    /// else made StreamJsonRpc's formatter throw part-way through the frame.
    /// </summary>
    private static bool IsJsonObject(byte[] content, out string reason)
    {
        if (!System.Text.Unicode.Utf8.IsValid(content))
        {
            reason = "The message is not valid UTF-8.";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            reason = root.ValueKind != JsonValueKind.Object ? "Expected a JSON object at the root of the message."
                : !root.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0" ? "The message does not say \"jsonrpc\": \"2.0\"."
                : root.TryGetProperty("id", out var id) && id.ValueKind is not (JsonValueKind.Number or JsonValueKind.String or JsonValueKind.Null) ? "The id is neither a number nor a string."
                : root.TryGetProperty("id", out var number) && number.ValueKind == JsonValueKind.Number && !number.TryGetInt64(out _) ? "The id is not an integer."
                : root.TryGetProperty("method", out var method) ? (method.ValueKind != JsonValueKind.String ? "The method is not a string."
                    : root.TryGetProperty("params", out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null) ? "The params are neither an object nor an array."
                    : string.Empty)
                : !root.TryGetProperty("id", out _) || !(root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _)) ? "The message is neither a request, a notification nor a response."
                : string.Empty;
            return reason.Length == 0;
        }
        catch (JsonException exception)
        {
            reason = exception.Message;
            return false;
        }
    }
}
