using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Glm.Lsp.Server;

/// <summary>
/// Reads JSON strings that System.Text.Json refuses: a lone UTF-16 surrogate escape (<c>"\ud800"</c>, which a
/// JavaScript client sends for half an emoji) or invalid UTF-8 bytes. Each bad unit becomes U+FFFD. A lone surrogate
/// is one UTF-16 code unit and so is U+FFFD, so LSP positions in the rest of the text stay where the client has them.
/// Without this the whole message was dropped, and a dropped didOpen loses the document (found by the protocol fuzzer).
/// </summary>
internal sealed class LenientStringConverter : JsonConverter<string>
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            // Numbers, objects and the rest are the caller's type error: let the serializer say so as it normally does.
            return reader.GetString();
        }

        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            var raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
            return ReplaceLoneSurrogates(Unescape(raw));
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    private static string Unescape(byte[] raw)
    {
        var builder = new StringBuilder(raw.Length);
        var literalStart = 0;
        var i = 0;
        while (i < raw.Length)
        {
            if (raw[i] != '\\')
            {
                i++;
                continue;
            }

            builder.Append(Utf8.GetString(raw, literalStart, i - literalStart));
            var escape = i + 1 < raw.Length ? (char)raw[i + 1] : '\\';
            if (escape == 'u' && i + 6 <= raw.Length
                && int.TryParse(Encoding.ASCII.GetString(raw, i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var unit))
            {
                builder.Append((char)unit);
                i += 6;
            }
            else
            {
                builder.Append(escape switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'f' => '\f', _ => escape });
                i += 2;
            }

            literalStart = i;
        }

        builder.Append(Utf8.GetString(raw, literalStart, Math.Max(0, raw.Length - literalStart)));
        return builder.ToString();
    }

    private static string ReplaceLoneSurrogates(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }
}
