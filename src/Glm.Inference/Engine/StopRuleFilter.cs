using Glm.Inference.Generation;

namespace Glm.Inference.Engine;

/// <summary>
/// Applies the text-level stop rules (stop strings, single line, the newline after a time budget) to streamed text.
/// Text that could still turn into a stop string is held back until it is resolved, so a stop string is never emitted.
/// </summary>
internal sealed class StopRuleFilter
{
    private readonly IReadOnlyList<string> stopStrings;
    private readonly bool singleLine;
    private string pending = string.Empty;
    private bool emittedVisibleText;

    public StopRuleFilter(GenerationOptions options)
    {
        stopStrings = options.StopStrings.Where(s => s.Length > 0).ToArray();
        singleLine = options.SingleLine;
    }

    /// <summary>Set once a rule ended the generation; later input is ignored.</summary>
    public StopReason? StopReason { get; private set; }

    /// <summary>Adds generated text and returns the part that is safe to emit now.</summary>
    /// <param name="text">Newly decoded text.</param>
    /// <param name="timeBudgetExpired">After the time budget, the next newline ends the generation.</param>
    public string Push(string text, bool timeBudgetExpired)
    {
        if (StopReason is not null)
        {
            return string.Empty;
        }

        pending += text;
        var (cutIndex, reason) = FindEarliestCut(timeBudgetExpired);
        if (reason is not null)
        {
            StopReason = reason;
            return Emit(pending[..cutIndex], string.Empty);
        }

        var heldBack = LongestStopStringPrefixAtEnd();
        return Emit(pending[..^heldBack], pending[^heldBack..]);
    }

    /// <summary>Releases held-back text when the generation ends for a reason other than a stop string.</summary>
    public string Flush()
    {
        var rest = StopReason is null ? pending : string.Empty;
        pending = string.Empty;
        return rest;
    }

    private string Emit(string emitted, string keep)
    {
        pending = keep;
        if (!string.IsNullOrWhiteSpace(emitted))
        {
            emittedVisibleText = true;
        }

        return emitted;
    }

    private (int Index, StopReason? Reason) FindEarliestCut(bool timeBudgetExpired)
    {
        var bestIndex = int.MaxValue;
        StopReason? bestReason = null;
        foreach (var stop in stopStrings)
        {
            var index = pending.IndexOf(stop, StringComparison.Ordinal);
            if (index >= 0 && index < bestIndex)
            {
                bestIndex = index;
                bestReason = Generation.StopReason.StopString;
            }
        }

        if (singleLine || timeBudgetExpired)
        {
            var newline = FindStoppingNewline(timeBudgetExpired);
            if (newline >= 0 && newline < bestIndex)
            {
                bestIndex = newline;
                bestReason = timeBudgetExpired && !singleLine ? Generation.StopReason.TimeBudget : Generation.StopReason.NewLine;
            }
        }

        if (bestReason is Generation.StopReason.NewLine or Generation.StopReason.TimeBudget && bestIndex > 0 && pending[bestIndex - 1] == '\r')
        {
            // A Windows line end stops as a whole; its carriage return is not part of the line.
            bestIndex--;
        }

        return (bestIndex, bestReason);
    }

    private int FindStoppingNewline(bool timeBudgetExpired)
    {
        var start = 0;
        while (true)
        {
            var newline = pending.IndexOf('\n', start);
            if (newline < 0)
            {
                return -1;
            }

            // A single-line completion may begin with line breaks; it ends at the first newline that follows some text.
            if (timeBudgetExpired || emittedVisibleText || !string.IsNullOrWhiteSpace(pending[..newline]))
            {
                return newline;
            }

            start = newline + 1;
        }
    }

    private int LongestStopStringPrefixAtEnd()
    {
        var longest = 0;
        foreach (var stop in stopStrings)
        {
            for (var length = Math.Min(stop.Length - 1, pending.Length); length > longest; length--)
            {
                if (pending.AsSpan(pending.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }
}
