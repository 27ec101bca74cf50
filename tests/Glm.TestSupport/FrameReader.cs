using System.Text;

namespace Glm.TestSupport;

/// <summary>Reads <c>Content-Length</c> framed messages from the server's stdout, strictly: the server must never send a broken frame.</summary>
internal sealed class FrameReader(Stream stream)
{
    private readonly byte[] one = new byte[1];

    /// <summary>The next frame's content, or null at the end of the stream.</summary>
    public async Task<byte[]?> ReadAsync()
    {
        var contentLength = -1;
        while (true)
        {
            var line = await ReadLineAsync();
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                break;
            }

            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (contentLength < 0)
        {
            throw new InvalidDataException("The server sent a frame without Content-Length.");
        }

        var content = new byte[contentLength];
        await stream.ReadExactlyAsync(content);
        return content;
    }

    private async Task<string?> ReadLineAsync()
    {
        var bytes = new List<byte>();
        while (true)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            if (one[0] == '\n')
            {
                return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
            }

            bytes.Add(one[0]);
        }
    }
}
