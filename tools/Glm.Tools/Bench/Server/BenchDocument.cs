using System.Text;

namespace Glm.Tools.Bench.Server;

/// <summary>
/// The Markdown document of the typing session: a heading and paragraphs of plain English words, grown until it holds
/// the wanted number of tokens. Deterministic for a seed, so both modes of a run and runs on other machines type the
/// same text.
/// </summary>
public static class BenchDocument
{
    /// <summary>Words of the paragraphs and of the typed text.</summary>
    public static IReadOnlyList<string> Words { get; } =
    [
        "the", "model", "writes", "short", "notes", "about", "every", "change", "we", "make", "to", "server", "and",
        "its", "cache", "keeps", "prompt", "tokens", "so", "next", "request", "only", "pays", "for", "what", "user",
        "typed", "since", "last", "time", "editor", "sends", "document", "version", "with", "each", "keystroke", "while",
        "engine", "reuses", "longest", "common", "prefix", "of", "slot", "text", "grows", "at", "end", "paragraph",
        "when", "cursor", "moves", "another", "place", "answer", "arrives", "quickly", "because", "little", "is", "new",
    ];

    /// <summary>Builds the document: paragraphs of 40 to 80 words until <paramref name="countTokens"/> reaches
    /// <paramref name="targetTokens"/>.</summary>
    public static string Create(int targetTokens, Func<string, int> countTokens, int seed = 5)
    {
        var random = new Random(seed);
        var text = new StringBuilder("# Notes on the language server\n");
        var paragraph = 0;
        while (countTokens(text.ToString()) < targetTokens)
        {
            text.Append('\n');
            var words = random.Next(40, 81);
            for (var i = 0; i < words; i++)
            {
                var word = Words[random.Next(Words.Count)];
                text.Append(i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                text.Append(i == words - 1 ? ".\n" : random.Next(12) == 0 ? ", " : " ");
            }

            paragraph++;
        }

        return text.ToString();
    }

    /// <summary>Offsets just before the final newline of each paragraph (where a writer continues it).</summary>
    public static IReadOnlyList<int> ParagraphEnds(string text)
    {
        var ends = new List<int>();
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == '\n' && text[i - 1] == '.')
            {
                ends.Add(i);
            }
        }

        return ends;
    }
}
