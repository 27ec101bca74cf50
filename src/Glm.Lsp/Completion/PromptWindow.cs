namespace Glm.Lsp.Completion;

/// <summary>
/// Cuts document text to a token budget, keeping the part nearest the cursor: the end of the text before it and
/// the start of the text after it. Tokens are counted by the model's own tokenizer, so the budget is exact.
/// </summary>
public static class PromptWindow
{
    /// <summary>The longest tail of <paramref name="text"/> within <paramref name="budget"/> tokens.</summary>
    public static string TakeEnd(string text, int budget, Func<string, int> countTokens)
    {
        if (budget <= 0)
        {
            return "";
        }

        if (countTokens(text) <= budget)
        {
            return text;
        }

        // Binary search over the start index: counting is monotonic in the kept length, so O(log n) counts suffice.
        int low = 0, high = text.Length;
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

        if (countTokens(text) <= budget)
        {
            return text;
        }

        int low = 0, high = text.Length;
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

    private static int SkipLowSurrogate(string text, int index) =>
        index < text.Length && char.IsLowSurrogate(text[index]) ? index + 1 : index;
}
