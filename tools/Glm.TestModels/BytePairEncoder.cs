using System.Text;
using Glm.Inference.Tokenization;

namespace Glm.TestModels;

/// <summary>
/// The BPE step of llama.cpp's gpt2-style tokenizer for one pre-tokenizer piece: start from the piece's byte-level
/// symbols and repeatedly merge the adjacent pair with the lowest merge rank (leftmost on ties) until no pair has a
/// merge. It exists to build vocabularies whose tokenization is known in advance, so clarity beats speed here.
/// </summary>
public sealed class BytePairEncoder
{
    private readonly Dictionary<(string Left, string Right), int> ranks = [];
    private readonly List<(string Left, string Right)> merges = [];

    /// <summary>The merges in rank order (rank 0 first).</summary>
    public IReadOnlyList<(string Left, string Right)> Merges => merges;

    /// <summary>Adds a merge with a rank above every existing one; returns false if the pair already had a rank.</summary>
    public bool AddMerge(string left, string right)
    {
        if (!ranks.TryAdd((left, right), merges.Count))
        {
            return false;
        }

        merges.Add((left, right));
        return true;
    }

    /// <summary>The symbols a piece ends up as, in byte-level form (each symbol is a token text).</summary>
    public List<string> Encode(string piece)
    {
        var symbols = Encoding.UTF8.GetBytes(piece).Select(b => ByteLevelAlphabet.ToChar(b).ToString()).ToList();
        while (symbols.Count > 1)
        {
            var bestIndex = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i + 1 < symbols.Count; i++)
            {
                if (ranks.TryGetValue((symbols[i], symbols[i + 1]), out var rank) && rank < bestRank)
                {
                    bestRank = rank;
                    bestIndex = i;
                }
            }

            if (bestIndex < 0)
            {
                break;
            }

            symbols[bestIndex] += symbols[bestIndex + 1];
            symbols.RemoveAt(bestIndex + 1);
        }

        return symbols;
    }
}
