namespace Glm.Inference.Engine;

/// <summary>
/// Notices a generation that has fallen into a loop: its last tokens are the same cycle of 1 to
/// <see cref="MaxCycleLength"/> tokens repeated at least <see cref="MinRepeats"/> times over at least
/// <see cref="MinLoopTokens"/> tokens. Greedy decoding never leaves such a loop by itself, and without this it runs to
/// the token limit, filling an edit or a preview with the same phrase.
/// </summary>
internal sealed class LoopDetector
{
    public const int MaxCycleLength = 16;
    public const int MinRepeats = 4;
    public const int MinLoopTokens = 32;

    private readonly List<int> tokens = [];

    /// <summary>Adds a generated token; true when the tokens so far end in a loop.</summary>
    public bool Add(int token)
    {
        tokens.Add(token);
        for (var cycle = 1; cycle <= MaxCycleLength; cycle++)
        {
            var span = Math.Max(cycle * MinRepeats, (MinLoopTokens + cycle - 1) / cycle * cycle);
            if (span <= tokens.Count && EndsInRepeats(cycle, span))
            {
                return true;
            }
        }

        return false;
    }

    private bool EndsInRepeats(int cycle, int span)
    {
        var start = tokens.Count - span;
        for (var i = start + cycle; i < tokens.Count; i++)
        {
            if (tokens[i] != tokens[i - cycle])
            {
                return false;
            }
        }

        return true;
    }
}
