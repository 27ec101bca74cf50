using System.Text;

namespace Glm.TestModels;

/// <summary>
/// Long corpora for tests that need many tokens (prompt caching, context limits) while keeping the predictable model
/// small. Each word is a space and two ASCII letters (" ab", " aB", …), so it is one pre-tokenizer piece; words that share
/// their first letter share the intermediate token " a", so n words cost only about n + n/52 vocabulary entries.
/// </summary>
public static class DistinctWordsCorpus
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>The largest word count: every pair of the 52 letters.</summary>
    public const int MaxWords = 52 * 52;

    /// <summary>The <paramref name="index"/>-th word, for example 0 → " aa", 1 → " ab", 52 → " ba".</summary>
    public static string Word(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, MaxWords);
        return string.Concat(" ", Letters[index / Letters.Length].ToString(), Letters[index % Letters.Length].ToString());
    }

    /// <summary>The first <paramref name="wordCount"/> words concatenated: one token per word, all distinct.</summary>
    public static string Create(int wordCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(wordCount, MaxWords);
        var builder = new StringBuilder(wordCount * 3);
        for (var i = 0; i < wordCount; i++)
        {
            builder.Append(Word(i));
        }

        return builder.ToString();
    }
}
