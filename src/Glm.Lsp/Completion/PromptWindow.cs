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
