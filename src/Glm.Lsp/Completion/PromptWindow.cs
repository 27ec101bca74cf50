namespace Glm.Lsp.Completion;

/// <summary>
/// Cuts document text to a token budget, keeping the part nearest the cursor: the end of the text before it and
/// the start of the text after it. Tokens are counted by the model's own tokenizer, so the budget is exact.
/// </summary>
/// <remarks>
/// This runs on every keystroke, so it never tokenizes the whole document: it counts a window next to the cursor that
/// doubles until it holds more than the budget, then binary-searches the cut inside that window. Tokenizer work is
/// proportional to the budget, not to the document's length.
/// </remarks>
public static class PromptWindow
{
    /// <summary>Characters per token to start the window with; a wrong guess costs one more doubling, never a wrong cut.</summary>
    private const int InitialCharactersPerToken = 4;

    /// <summary>The longest tail of <paramref name="text"/> within <paramref name="budget"/> tokens.</summary>
    public static string TakeEnd(string text, int budget, Func<string, int> countTokens)
    {
        if (budget <= 0)
        {
            return "";
        }

        var (fits, window) = WindowOverBudget(text.Length, budget, length => countTokens(text[^length..]));
        if (fits == text.Length)
        {
            return text;
        }

        // Binary search over the start index: counting is monotonic in the kept length. The tail of `fits` characters
        // is known to fit and the tail of `window` characters known not to.
        int low = text.Length - window + 1, high = text.Length - fits;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (countTokens(text[middle..]) <= budget)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return text[SkipLowSurrogate(text, low)..];
    }

    /// <summary>
    /// A tail of <paramref name="text"/> within <paramref name="budget"/> tokens that starts at a stable place. The cut
    /// is measured from the start of the cursor's paragraph (after the last blank line), with a quarter of the budget
    /// left for the paragraph itself, so moving the cursor or typing anywhere inside one paragraph keeps the same start
    /// and the engine reuses every cached token before the cursor. Without a blank line, or when the paragraph does not
    /// fit its share, the cut is measured from the cursor and anchored in steps (<see cref="TakeEndAnchoredInSteps"/>).
    /// </summary>
    public static string TakeEndAnchored(string text, int budget, Func<string, int> countTokens)
    {
        var paragraph = ParagraphStart(text);
        if (paragraph > 0 && budget > 1)
        {
            var head = text[..paragraph];
            var start = paragraph - TakeEndAnchoredInSteps(head, budget - ParagraphReserve(budget), countTokens).Length;
            if (countTokens(text[start..]) <= budget)
            {
                return text[start..];
            }
        }

        return TakeEndAnchoredInSteps(text, budget, countTokens);
    }

    /// <summary>Tokens of the budget kept for the cursor's paragraph: a quarter, as long as most paragraphs of prose.</summary>
    internal static int ParagraphReserve(int budget) => budget / 4;

    /// <summary>
    /// Where the paragraph that ends <paramref name="text"/> starts: just after its last blank line (a line of only
    /// whitespace), or 0 when there is none. The paragraph being typed may itself end in a blank line; that one does not
    /// count, so pressing Enter twice does not move the start.
    /// </summary>
    internal static int ParagraphStart(string text)
    {
        var lineEnd = text.LastIndexOf('\n');
        while (lineEnd > 0)
        {
            var previousEnd = text.LastIndexOf('\n', lineEnd - 1);
            var line = text.AsSpan(previousEnd + 1, lineEnd - previousEnd - 1);
            if (line.IsWhiteSpace() && previousEnd >= 0 && lineEnd < text.Length - 1 && !text.AsSpan(lineEnd + 1).IsWhiteSpace())
            {
                return lineEnd + 1;
            }

            lineEnd = previousEnd;
        }

        return 0;
    }

    /// <summary>
    /// A tail of <paramref name="text"/> within <paramref name="budget"/> tokens that starts at a stable place: the
    /// first word start at or after the next multiple of <see cref="AnchorStep"/> characters past the tightest cut.
    /// While the user types at the end, the tightest cut creeps forward with every keystroke, but the anchored start
    /// stays put until the cut passes the next multiple, so consecutive prompts share their beginning and the engine
    /// evaluates only what was typed. The price is that a prompt may use as little as the budget minus one step.
    /// </summary>
    internal static string TakeEndAnchoredInSteps(string text, int budget, Func<string, int> countTokens)
    {
        var tail = TakeEnd(text, budget, countTokens);
        if (tail.Length == text.Length)
        {
            return text;
        }

        var step = AnchorStep(budget);
        var cut = text.Length - tail.Length;
        var anchor = (cut + step - 1) / step * step;
        var start = WordStartAfter(text, anchor, step);
        // A text without a word start within a step of the anchor keeps the tightest cut: never a sliver of a prompt.
        return start is { } found ? text[SkipLowSurrogate(text, found)..] : tail;
    }

    /// <summary>Characters between anchors: a quarter of the characters the budget usually holds.</summary>
    internal static int AnchorStep(int budget) => Math.Max(1, budget * InitialCharactersPerToken / 4);

    /// <summary>
    /// The first character after whitespace at or after <paramref name="index"/> and less than <paramref name="limit"/>
    /// characters past it; null when there is none. It depends only on the text near the anchor, so typing at the end
    /// never moves it.
    /// </summary>
    private static int? WordStartAfter(string text, int index, int limit)
    {
        var end = Math.Min(text.Length, index + limit);
        for (var i = Math.Max(index, 1); i < end; i++)
        {
            if (char.IsWhiteSpace(text[i - 1]) && !char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The longest head of <paramref name="text"/> within <paramref name="budget"/> tokens.</summary>
    public static string TakeStart(string text, int budget, Func<string, int> countTokens)
    {
        if (budget <= 0)
        {
            return "";
        }

        var (fits, window) = WindowOverBudget(text.Length, budget, length => countTokens(text[..length]));
        if (fits == text.Length)
        {
            return text;
        }

        // The head of `fits` characters is known to fit and the head of `window` characters known not to.
        int low = fits, high = window - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (countTokens(text[..middle]) <= budget)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low > 0 && char.IsHighSurrogate(text[low - 1]) ? text[..(low - 1)] : text[..low];
    }

    /// <summary>
    /// Doubles a window (in characters, measured from the cursor) until it exceeds <paramref name="budget"/> tokens.
    /// Returns the largest length known to fit and the smallest known not to; <c>Fits == length</c> when all of it fits.
    /// </summary>
    private static (int Fits, int Window) WindowOverBudget(int length, int budget, Func<int, int> countWindow)
    {
        var fits = 0;
        var window = (int)Math.Min(length, (long)budget * InitialCharactersPerToken);
        while (true)
        {
            if (countWindow(window) > budget)
            {
                return (fits, window);
            }

            fits = window;
            if (window == length)
            {
                return (length, length);
            }

            window = (int)Math.Min(length, 2L * window);
        }
    }

    private static int SkipLowSurrogate(string text, int index) =>
        index < text.Length && char.IsLowSurrogate(text[index]) ? index + 1 : index;
}
