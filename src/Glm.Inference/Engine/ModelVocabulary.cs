using System.Text;
using Glm.Inference.Tokenization;
using LLama;
using LLama.Native;

namespace Glm.Inference.Engine;

/// <summary>
/// Read-only vocabulary operations of loaded weights (tokenize, token bytes, token kinds). They touch only the model's
/// vocabulary, never a context, so they are safe from any thread.
/// </summary>
/// <param name="weights">The loaded model.</param>
/// <param name="sentencePieceIds">For a SentencePiece vocabulary, token ids by their stored text (▁ for spaces,
/// <c>&lt;0x41&gt;</c> for bytes): llama.cpp's SentencePiece merging can form a control token inside plain text, and
/// <see cref="TokenizePlain"/> spells such a token out with these. Null for byte-level BPE, which cannot.</param>
internal sealed class ModelVocabulary(LLamaWeights weights, IReadOnlyDictionary<string, int>? sentencePieceIds = null)
{
    private readonly SafeLlamaModelHandle model = weights.NativeHandle;
    private string[]? controlTokens;

    public int Count => weights.Vocab.Count;

    /// <summary>Tokenizes with llama.cpp's special parsing: every control token written in the text counts, no BOS.</summary>
    public int[] Tokenize(string text) =>
        text.Length == 0 ? [] : [.. model.Tokenize(text, false, true, Encoding.UTF8).Select(t => (int)t)];

    /// <summary>The tokens of one prompt segment: content as plain text, scaffolding with its control tokens.</summary>
    public int[] TokenizeSegment(Prompts.PromptSegment segment) =>
        segment.Kind == Prompts.SegmentKind.Content ? TokenizePlain(segment.Text) : TokenizeScaffolding(segment.Text);

    /// <summary>Tokenizes scaffolding: control tokens only where <see cref="ScaffoldTokens"/> finds them (bracketed, or
    /// <c>sop</c> right after <c>[gMASK]</c>), the text between them as plain text.</summary>
    public int[] TokenizeScaffolding(string text)
    {
        var ids = new List<int>();
        foreach (var segment in ScaffoldTokens.Partition(text, ControlTokens))
        {
            ids.AddRange(segment.IsSpecial ? Tokenize(segment.Text) : TokenizePlain(segment.Text));
        }

        return [.. ids];
    }

    /// <summary>Tokenizes content: no control token, whatever the text spells. llama.cpp is asked without special
    /// parsing; a control token its SentencePiece merging still forms (ChatGLM3's score-0 <c>sop</c> from "so" + "p")
    /// is spelled out character by character, or byte by byte where a character has no token.</summary>
    public int[] TokenizePlain(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var tokens = model.Tokenize(text, false, false, Encoding.UTF8).Select(t => (int)t).ToArray();
        if (sentencePieceIds is null || !tokens.Any(IsControl))
        {
            return tokens;
        }

        var spelled = new List<int>(tokens.Length + 8);
        foreach (var token in tokens)
        {
            if (!IsControl(token))
            {
                spelled.Add(token);
                continue;
            }

            foreach (var rune in TokenText(token, special: true).EnumerateRunes())
            {
                if (sentencePieceIds.TryGetValue(rune.ToString(), out var id) && !IsControl(id))
                {
                    spelled.Add(id);
                    continue;
                }

                var bytes = new byte[rune.Utf8SequenceLength];
                rune.EncodeToUtf8(bytes);
                spelled.AddRange(bytes.Select(b => sentencePieceIds[$"<0x{b:X2}>"]));
            }
        }

        return [.. spelled];
    }

    /// <summary>The control tokens of <see cref="GlmControlTokens.All"/> this vocabulary has, looked up once.</summary>
    public IReadOnlyList<string> ControlTokens =>
        controlTokens ??= [.. GlmControlTokens.All.Where(t => FindSingleToken(t) is { } id && IsControl(id))];

    public bool IsControl(int token) => ((LLamaToken)token).IsControl(weights.Vocab);

    public bool IsEndOfGeneration(int token) => ((LLamaToken)token).IsEndOfGeneration(weights.Vocab);

    /// <summary>The token id of a special token written as <paramref name="text"/>, or null if the vocabulary lacks it.</summary>
    public int? FindSingleToken(string text)
    {
        var tokens = Tokenize(text);
        return tokens.Length == 1 && TokenText(tokens[0], special: true) == text ? tokens[0] : null;
    }

    /// <summary>Writes the bytes the token stands for (control tokens give none) and returns how many.</summary>
    public int TokenBytes(int token, ref byte[] buffer)
    {
        while (true)
        {
            var length = (int)model.TokenToSpan(token, buffer, 0, false);
            if (length <= buffer.Length)
            {
                return length;
            }

            buffer = new byte[length];
        }
    }

    private string TokenText(int token, bool special)
    {
        var buffer = new byte[64];
        while (true)
        {
            var length = (int)model.TokenToSpan(token, buffer, 0, special);
            if (length <= buffer.Length)
            {
                return Encoding.UTF8.GetString(buffer, 0, length);
            }

            buffer = new byte[length];
        }
    }
}
