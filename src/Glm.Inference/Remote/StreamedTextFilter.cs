using System.Text;
using Glm.Inference.Generation;

namespace Glm.Inference.Remote;

/// <summary>
/// Applies the stop rules that a server cannot apply exactly: stop strings split across chunks, the single-line rule
/// (stop at a newline only once some text exists) and the time budget. It holds back the tail of the text that could
/// still turn into a stop string.
/// </summary>
internal sealed class StreamedTextFilter
{
    private const int ChunksAllowedPastBudget = 4;
    private readonly GenerationOptions options;
    private readonly StringBuilder pending = new();
    private bool emittedNonWhitespace;
    private int chunksPastBudget = -1;

    public StreamedTextFilter(GenerationOptions options)
    {
        this.options = options;
    }

    /// <summary>Why the text ended, once it has.</summary>
    public StopReason? Stopped { get; private set; }

    /// <summary>Takes a streamed piece; returns the text that can be shown now.</summary>
    public string Push(string text, bool pastTimeBudget)
    {
        if (Stopped is not null)
        {
            return string.Empty;
        }

        pending.Append(text);
        var current = pending.ToString();
        var cut = FindStop(current, pastTimeBudget, out var reason);
        if (cut >= 0)
        {
            Stopped = reason;
            pending.Clear();
            return Emit(current[..cut]);
        }

        if (pastTimeBudget && ++chunksPastBudget >= ChunksAllowedPastBudget)
        {
            Stopped = StopReason.TimeBudget;
        }

        var keep = LongestStopPrefixAtEnd(current);
        pending.Clear().Append(current.AsSpan(current.Length - keep));
        return Emit(current[..^keep]);
    }

    /// <summary>The held-back text once the server has finished.</summary>
    public string Flush()
    {
        var rest = Stopped is null ? pending.ToString() : string.Empty;
        pending.Clear();
        return Emit(rest);
    }

    private string Emit(string text)
    {
        emittedNonWhitespace |= !string.IsNullOrWhiteSpace(text);
        return text;
    }

    private int FindStop(string text, bool pastTimeBudget, out StopReason reason)
    {
        var best = -1;
        reason = StopReason.StopString;
        foreach (var stop in options.StopStrings)
        {
            var index = stop.Length == 0 ? -1 : text.IndexOf(stop, StringComparison.Ordinal);
            if (index >= 0 && (best < 0 || index < best))
            {
                best = index;
            }
        }

        if (options.SingleLine || pastTimeBudget)
        {
            var newline = FirstNewlineAfterText(text);
            if (newline >= 0 && (best < 0 || newline < best))
            {
                best = newline;
                reason = options.SingleLine ? StopReason.NewLine : StopReason.TimeBudget;
            }
        }

        return best;
    }

    private int FirstNewlineAfterText(string text)
    {
        var seenText = emittedNonWhitespace;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' && seenText)
            {
                return i;
            }

            seenText |= !char.IsWhiteSpace(text[i]);
        }

        return -1;
    }

    private int LongestStopPrefixAtEnd(string text)
    {
        var longest = 0;
        foreach (var stop in options.StopStrings)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > longest; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }
}
