using System.Text;

namespace Glm.Inference.TestModels;

/// <summary>
/// GPT-2's byte-to-character mapping: every byte gets a printable character so that BPE tokens and merges are plain
/// strings without spaces or control characters. llama.cpp's <c>gpt2</c> vocabularies store token texts in this form.
/// </summary>
public static class ByteLevelAlphabet
{
    private static readonly string[] ByteToText = BuildByteToText();

    /// <summary>The token text of one byte, for example 0x20 (space) → "Ġ" and 0x0A (newline) → "Ċ".</summary>
    public static string Encode(byte value) => ByteToText[value];

    /// <summary>The byte-level form of <paramref name="text"/>'s UTF-8 bytes, one mapped character per byte.</summary>
    public static string Encode(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            builder.Append(ByteToText[b]);
        }

        return builder.ToString();
    }

    /// <summary>The byte-level symbols of <paramref name="text"/>: one string per UTF-8 byte.</summary>
    public static List<string> EncodeToSymbols(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var symbols = new List<string>(bytes.Length);
        foreach (var b in bytes)
        {
            symbols.Add(ByteToText[b]);
        }

        return symbols;
    }

    private static string[] BuildByteToText()
    {
        // Printable Latin-1 bytes keep their own code point; the others are shifted to 256 and up in byte order,
        // exactly as in GPT-2's bytes_to_unicode().
        var table = new string[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = char.ConvertFromUtf32(printable ? b : next++);
        }

        return table;
    }
}
