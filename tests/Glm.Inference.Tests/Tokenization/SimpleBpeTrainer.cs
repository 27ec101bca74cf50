using System.Text;
using Glm.Inference.Tokenization;

namespace Glm.Inference.Tests.Tokenization;

/// <summary>
/// A plain byte-level BPE trainer for tests: split the corpus with the GLM pre-tokenizer, then merge the
/// most frequent adjacent pair (ties: the ordinally smallest pair, for determinism) until the merge
/// budget is spent. The result is a realistic vocabulary with many overlapping merge paths.
/// </summary>
internal static class SimpleBpeTrainer
{
    public static (List<string> Tokens, List<string> Merges) Train(string corpus, int mergeCount)
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (offset, length) in GlmPreTokenizer.SplitOrdinaryText(corpus))
        {
            var piece = corpus.Substring(offset, length);
            var encoded = ByteLevelAlphabet.Encode(Encoding.UTF8.GetBytes(piece));
            words[encoded] = words.GetValueOrDefault(encoded) + 1;
        }

        var symbols = words.Select(w => (Parts: w.Key.Select(c => c.ToString()).ToList(), Count: w.Value)).ToList();
        var tokens = ByteLevelAlphabet.ByteTokens.ToList();
        var known = tokens.ToHashSet(StringComparer.Ordinal);
        var merges = new List<string>();
        while (merges.Count < mergeCount)
        {
            var pairs = new Dictionary<(string, string), int>();
            foreach (var (parts, count) in symbols)
            {
                for (var i = 0; i + 1 < parts.Count; i++)
                {
                    var pair = (parts[i], parts[i + 1]);
                    pairs[pair] = pairs.GetValueOrDefault(pair) + count;
                }
            }

            if (pairs.Count == 0)
            {
                break;
            }

            var best = pairs
                .OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key.Item1, StringComparer.Ordinal)
                .ThenBy(p => p.Key.Item2, StringComparer.Ordinal)
                .First().Key;
            var merged = best.Item1 + best.Item2;
            merges.Add($"{best.Item1} {best.Item2}");
            if (known.Add(merged))
            {
                tokens.Add(merged);
            }

            foreach (var (parts, _) in symbols)
            {
                for (var i = 0; i + 1 < parts.Count; i++)
                {
                    if (parts[i] == best.Item1 && parts[i + 1] == best.Item2)
                    {
                        parts[i] = merged;
                        parts.RemoveAt(i + 1);
                    }
                }
            }
        }

        return (tokens, merges);
    }
}
