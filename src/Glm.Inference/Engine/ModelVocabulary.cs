using System.Text;
using LLama;
using LLama.Native;

namespace Glm.Inference.Engine;

/// <summary>
/// Read-only vocabulary operations of loaded weights (tokenize, token bytes, token kinds). They touch only the model's
/// vocabulary, never a context, so they are safe from any thread.
/// </summary>
internal sealed class ModelVocabulary(LLamaWeights weights)
{
    private readonly SafeLlamaModelHandle model = weights.NativeHandle;

    public int Count => weights.Vocab.Count;

    /// <summary>Tokenizes as the model reads prompts: special tokens written in the text are parsed, no BOS is added.</summary>
    public int[] Tokenize(string text) =>
        text.Length == 0 ? [] : [.. model.Tokenize(text, false, true, Encoding.UTF8).Select(t => (int)t)];

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
