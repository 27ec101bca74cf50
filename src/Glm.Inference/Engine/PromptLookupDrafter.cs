using System.Runtime.InteropServices;

namespace Glm.Inference.Engine;

/// <summary>
/// Prompt-lookup drafting: finds the last 4, 3, 2 or 1 tokens of the text so far (prompt and output) earlier in that
/// text and guesses that what followed them there follows again. Rewrites, translations and lists copy long spans of
/// their prompt, so the guess is often right; a wrong guess costs only the verification.
/// </summary>
internal sealed class PromptLookupDrafter : ITokenDrafter
{
    /// <summary>The longest n-gram looked up; longer matches are rare and seldom predict better.</summary>
    public const int LongestNgram = 4;

    private readonly List<int> history;

    public PromptLookupDrafter(IReadOnlyCollection<int> prompt)
    {
        history = new List<int>(prompt.Count + 256);
        history.AddRange(prompt);
    }

    public void Append(int token) => history.Add(token);

    /// <summary>
    /// Takes the longest n-gram that occurs earlier; among its occurrences the most recent one whose continuation fills
    /// <paramref name="destination"/>, else the one with the longest continuation.
    /// </summary>
    public int Draft(Span<int> destination)
    {
        var text = CollectionsMarshal.AsSpan(history);
        for (var n = Math.Min(LongestNgram, text.Length - 1); n >= 1; n--)
        {
            var suffix = text[^n..];
            var bestStart = -1;
            var bestLength = 0;
            for (var start = text.Length - n - 1; start >= 0; start--)
            {
                if (text[start] != suffix[0] || !text.Slice(start, n).SequenceEqual(suffix))
                {
                    continue;
                }

                var continuation = Math.Min(destination.Length, text.Length - (start + n));
                if (continuation > bestLength)
                {
                    bestStart = start + n;
                    bestLength = continuation;
                    if (continuation == destination.Length)
                    {
                        break;
                    }
                }
            }

            if (bestLength > 0)
            {
                text.Slice(bestStart, bestLength).CopyTo(destination);
                return bestLength;
            }
        }

        return 0;
    }
}
