using System.Text;

namespace Glm.Hardening.Tests.Fuzzing;

/// <summary>
/// What the server's document store must hold after the valid messages, written from the LSP specification
/// independently of the server's code: changes apply in order against the text left by the previous one; positions
/// past the end of a line or the document clamp; a change with a negative coordinate or an end before its start makes
/// the whole notification fail (nothing of it is applied); changes to a closed document are ignored; versions are
/// taken as sent, even out of order; lone UTF-16 surrogates arrive as U+FFFD (one code unit, so positions keep).
/// </summary>
internal sealed class DocumentModel
{
    private readonly Dictionary<int, (string Text, int Version)> documents = [];

    public (string Text, int Version)? Get(int doc) => documents.TryGetValue(doc, out var value) ? value : null;

    public void Apply(FuzzOperation operation)
    {
        switch (operation)
        {
            case OpenOperation open:
                documents[open.Doc] = (AsReceived(open.Text), open.Version);
                break;
            case CloseOperation close:
                documents.Remove(close.Doc);
                break;
            case ChangeOperation change when documents.TryGetValue(change.Doc, out var current):
                var text = current.Text;
                foreach (var edit in change.Changes)
                {
                    if (edit.Range is null)
                    {
                        text = AsReceived(edit.Text);
                        continue;
                    }

                    if (edit.Range.Any(value => value < 0))
                    {
                        return;
                    }

                    var start = Offset(text, edit.Range[0], edit.Range[1]);
                    var end = Offset(text, edit.Range[2], edit.Range[3]);
                    if (end < start)
                    {
                        return;
                    }

                    text = text[..start] + AsReceived(edit.Text) + text[end..];
                }

                documents[change.Doc] = (text, change.Version);
                break;
        }
    }

    /// <summary>The text as the server must see it: lone surrogates become U+FFFD.</summary>
    public static string AsReceived(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The spec's position rule: lines end at \n, \r\n or \r; a character past the line's end is its end.</summary>
    private static int Offset(string text, int line, int character)
    {
        var lineStart = 0;
        for (var current = 0; current < line; current++)
        {
            var next = NextLineStart(text, lineStart);
            if (next < 0)
            {
                return text.Length;
            }

            lineStart = next;
        }

        var contentEnd = lineStart;
        while (contentEnd < text.Length && text[contentEnd] != '\n' && text[contentEnd] != '\r')
        {
            contentEnd++;
        }

        return lineStart + Math.Min(character, contentEnd - lineStart);
    }

    private static int NextLineStart(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                return i + 1;
            }

            if (text[i] == '\r')
            {
                return i + 1 < text.Length && text[i + 1] == '\n' ? i + 2 : i + 1;
            }
        }

        return -1;
    }
}
