using System.Text;

namespace Glm.Inference.Engine;

/// <summary>
/// Turns the bytes of generated tokens into text without ever splitting a character: a Chinese character can arrive as
/// three byte tokens, and emitting the first one alone would show U+FFFD in the editor.
/// </summary>
internal sealed class Utf8ChunkDecoder
{
    private readonly Decoder decoder = new UTF8Encoding(false, false).GetDecoder();
    private char[] buffer = new char[64];

    /// <summary>Decodes <paramref name="bytes"/>, keeping an incomplete trailing sequence for the next call.</summary>
    public string Decode(ReadOnlySpan<byte> bytes) => Convert(bytes, flush: false);

    /// <summary>Returns whatever is still held back (an incomplete sequence becomes U+FFFD at the very end only).</summary>
    public string Flush() => Convert([], flush: true);

    private string Convert(ReadOnlySpan<byte> bytes, bool flush)
    {
        var needed = decoder.GetCharCount(bytes, flush);
        if (needed > buffer.Length)
        {
            buffer = new char[Math.Max(needed, buffer.Length * 2)];
        }

        var written = decoder.GetChars(bytes, buffer, flush);
        return new string(buffer, 0, written);
    }
}
