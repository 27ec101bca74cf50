using System.Text.RegularExpressions;
using Glm.Inference.Gguf;
using Glm.Inference.Tokenization;
using Microsoft.ML.Tokenizers;

namespace Glm.Inference.Remote;

/// <summary>Counts tokens for a remote model without the server: GLM-4's tiktoken file when given, else a labelled estimate.</summary>
public sealed partial class RemoteTokenCounter
{
    private readonly Tokenizer? tokenizer;

    private RemoteTokenCounter(Tokenizer? tokenizer)
    {
        this.tokenizer = tokenizer;
    }

    public TokenCountSource Source => tokenizer is null ? TokenCountSource.Estimate : TokenCountSource.Tokenizer;

    public static RemoteTokenCounter Estimate { get; } = new(null);

    /// <summary>A GGUF file (the model the server runs) or GLM-4's tiktoken <c>tokenizer.model</c>, told apart by extension.</summary>
    public static RemoteTokenCounter FromFile(string path) =>
        path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) ? FromGgufFile(path) : FromTiktokenFile(path);

    /// <summary>The vocabulary of a GGUF file, tokenized as llama.cpp does (see <see cref="GlmTokenizer"/>).</summary>
    public static RemoteTokenCounter FromGgufFile(string path) => new(GlmTokenizer.FromGguf(GgufReader.Read(path)).Tokenizer);

    /// <summary>Loads GLM-4's <c>tokenizer.model</c>: lines of base64 token bytes and rank, as tiktoken writes them.</summary>
    public static RemoteTokenCounter FromTiktokenFile(string path)
    {
        var lines = File.ReadAllLines(path);
        var maxRank = -1;
        foreach (var line in lines)
        {
            var space = line.IndexOf(' ');
            if (space > 0 && int.TryParse(line.AsSpan(space + 1), out var rank))
            {
                maxRank = Math.Max(maxRank, rank);
            }
        }

        // GLM-4's tokenizer numbers its added tokens after the last ordinary rank.
        var specials = new Dictionary<string, int>();
        for (var i = 0; i < GlmControlTokens.Glm4Added.Count; i++)
        {
            specials[GlmControlTokens.Glm4Added[i]] = maxRank + 1 + i;
        }

        using var stream = File.OpenRead(path);
        var tokenizer = TiktokenTokenizer.Create(stream, new RegexPreTokenizer(Glm4Pattern(), specials), normalizer: null, specials);
        return new RemoteTokenCounter(tokenizer);
    }

    public int Count(string text)
    {
        if (tokenizer is not null)
        {
            return tokenizer.CountTokens(text);
        }

        // GLM-4 averages about 4 ASCII characters and 1.5 CJK characters per token; 3 and 1 over-count on purpose so that a
        // prompt budget computed from the estimate never overflows the server's context.
        var ascii = 0;
        var other = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                ascii++;
            }
            else
            {
                other++;
            }
        }

        return ((ascii + 2) / 3) + other;
    }

    /// <summary>The pre-tokenizer pattern of GLM-4's tokenization_chatglm.py (the cl100k pattern).</summary>
    [GeneratedRegex(@"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")]
    private static partial Regex Glm4Pattern();
}
