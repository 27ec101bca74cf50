namespace Glm.Inference.Tokenization;

/// <summary>
/// GPT-2's reversible byte-to-character mapping (bytes_to_unicode): printable Latin-1 bytes stand for
/// themselves, the other 68 bytes map to U+0100 onwards in byte order. Byte-level BPE vocabularies
/// (GLM-4's included) store their tokens in this alphabet, e.g. a space is "Ġ" (U+0120).
/// </summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] ByteToCharTable = BuildTable();
    private static readonly Dictionary<char, byte> CharToByteTable = BuildReverse(ByteToCharTable);

    /// <summary>The 256 single-byte tokens every byte-level vocabulary starts with, in byte order (id = byte value).</summary>
    public static IReadOnlyList<string> ByteTokens { get; } = ByteToCharTable.Select(c => c.ToString()).ToArray();

    /// <summary>The character standing for <paramref name="value"/>.</summary>
    public static char ToChar(byte value) => ByteToCharTable[value];

    /// <summary>Returns the byte a character stands for; false for characters outside the alphabet.</summary>
    public static bool TryToByte(char c, out byte value) => CharToByteTable.TryGetValue(c, out value);

    /// <summary>Encodes bytes (e.g. the UTF-8 of a text piece) in the byte-level alphabet.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        return string.Create(bytes.Length, bytes.ToArray(), static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = ByteToCharTable[source[i]];
            }
        });
    }

    /// <summary>Decodes byte-level text back to bytes; false when it holds a character outside the alphabet.</summary>
    public static bool TryDecode(string text, List<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(destination);
        foreach (var c in text)
        {
            if (!CharToByteTable.TryGetValue(c, out var b))
            {
                return false;
            }

            destination.Add(b);
        }

        return true;
    }

    private static char[] BuildTable()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)next++;
        }

        return table;
    }

    private static Dictionary<char, byte> BuildReverse(char[] table)
    {
        var reverse = new Dictionary<char, byte>(256);
        for (var b = 0; b < 256; b++)
        {
            reverse[table[b]] = (byte)b;
        }

        return reverse;
    }
}
