using Glm.Inference.Gguf;
using Microsoft.ML.Tokenizers;

namespace Glm.Inference.Tokenization;

/// <summary>
/// A GLM tokenizer built from a GGUF file's own vocabulary: byte-level BPE (Microsoft.ML.Tokenizers'
/// BpeTokenizer) over tokenizer.ggml.tokens and tokenizer.ggml.merges, the chatglm-bpe pre-tokenizer,
/// and the control/user-defined tokens (e.g. [gMASK], &lt;sop&gt;, &lt;|user|&gt;) recognised in text.
/// It splits text the way llama.cpp does with parse_special = true, so token counts made here (prompt
/// budgets, context trimming) match what the model will see, without loading the model.
/// </summary>
public sealed class GlmTokenizer
{
    // llama.cpp token types (tokenizer.ggml.token_type) whose text is matched whole when parsing specials.
    private const int UnknownTokenType = 2;
    private const int ControlTokenType = 3;
    private const int UserDefinedTokenType = 4;

    // Each reading is built on first use: loading a 151,552-token vocabulary costs seconds, and a caller usually needs
    // one of them (the engine counts plain text, the remote counter parses specials).
    private readonly Lazy<BpeTokenizer> _bpe;
    private readonly Lazy<BpeTokenizer> _plain;

    private GlmTokenizer(Lazy<BpeTokenizer> bpe, Lazy<BpeTokenizer> plain, IReadOnlyDictionary<string, int> specialTokens, int vocabularySize, string preTokenizerName)
    {
        _bpe = bpe;
        _plain = plain;
        SpecialTokens = specialTokens;
        VocabularySize = vocabularySize;
        PreTokenizerName = preTokenizerName;
    }

    /// <summary>The underlying Microsoft.ML.Tokenizers tokenizer.</summary>
    public Tokenizer Tokenizer => _bpe.Value;

    /// <summary>Tokens matched whole in text (control, user-defined and unknown tokens), by text.</summary>
    public IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <summary>Number of tokens in the vocabulary.</summary>
    public int VocabularySize { get; }

    /// <summary>tokenizer.ggml.pre of the source file.</summary>
    public string PreTokenizerName { get; }

    /// <summary>Builds the tokenizer from a GGUF header (tokens, merges, token types, pre-tokenizer).</summary>
    public static GlmTokenizer FromGguf(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var model = file.GetString("tokenizer.ggml.model");
        if (model != "gpt2")
        {
            throw new NotSupportedException($"{file.FileName}: tokenizer.ggml.model '{model}' is not supported by {nameof(GlmTokenizer)} (only byte-level BPE, 'gpt2', is).");
        }

        var pre = file.GetString("tokenizer.ggml.pre");
        if (!GlmPreTokenizer.Names.Contains(pre))
        {
            throw new NotSupportedException($"{file.FileName}: tokenizer.ggml.pre '{pre}' is not supported by {nameof(GlmTokenizer)} (supported: {string.Join(", ", GlmPreTokenizer.Names)}).");
        }

        var tokens = file.GetStringArray("tokenizer.ggml.tokens");
        file.TryGetInt32Array("tokenizer.ggml.token_type", out var types);
        var merges = file.GetStringArray("tokenizer.ggml.merges");

        var vocabulary = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        var specials = new Dictionary<string, int>(StringComparer.Ordinal);
        var userDefined = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < tokens.Length; id++)
        {
            // llama.cpp renames empty tokens and lets a later duplicate win; mirror both so ids agree.
            var text = tokens[id].Length == 0 ? $"[EMPTY_{id}]" : tokens[id];
            vocabulary[text] = id;
            if (types.Length == tokens.Length && types[id] is UnknownTokenType or ControlTokenType or UserDefinedTokenType)
            {
                specials[text] = id;
            }

            if (types.Length == tokens.Length && types[id] == UserDefinedTokenType)
            {
                userDefined[text] = id;
            }
        }

        var options = new BpeOptions(vocabulary)
        {
            Merges = merges,
            ByteLevel = true,
            SpecialTokens = specials,
            PreTokenizer = new GlmPreTokenizer(specials.Keys),
        };
        // Without special parsing llama.cpp still matches user-defined tokens whole, never control or unknown ones.
        var plainOptions = new BpeOptions(vocabulary)
        {
            Merges = merges,
            ByteLevel = true,
            SpecialTokens = userDefined,
            PreTokenizer = new GlmPreTokenizer(userDefined.Keys),
        };
        return new GlmTokenizer(
            new Lazy<BpeTokenizer>(() => BpeTokenizer.Create(options)), new Lazy<BpeTokenizer>(() => BpeTokenizer.Create(plainOptions)), specials, tokens.Length, pre);
    }

    /// <summary>Token ids for <paramref name="text"/>; special tokens in the text become their ids. No BOS is added (GLM prompts carry [gMASK]&lt;sop&gt; themselves).</summary>
    public IReadOnlyList<int> EncodeToIds(string text) => _bpe.Value.EncodeToIds(text);

    /// <summary>Number of tokens <see cref="EncodeToIds"/> would return.</summary>
    public int CountTokens(string text) => _bpe.Value.CountTokens(text);

    /// <summary>Token ids for <paramref name="text"/> read as plain text, as the engine reads content (llama.cpp without
    /// special parsing): "&lt;|user|&gt;" in a document is ordinary characters.</summary>
    public IReadOnlyList<int> EncodePlainTextToIds(string text) => _plain.Value.EncodeToIds(text);

    /// <summary>Number of tokens <see cref="EncodePlainTextToIds"/> would return.</summary>
    public int CountPlainTextTokens(string text) => _plain.Value.CountTokens(text);

    /// <summary>Text of a token sequence, special tokens included as their text.</summary>
    public string Decode(IEnumerable<int> ids) => _bpe.Value.Decode(ids, considerSpecialTokens: true);
}
