using Glm.Inference.Tokenization;

namespace Glm.TestModels;

/// <summary>
/// A vocabulary built from a corpus so that every corpus piece is one token, with the corpus as llama.cpp tokenizes it
/// and each token's greedy successor: what the predictable model's weights are written from, whatever the layout.
/// </summary>
public interface IPredictableVocabulary
{
    string Corpus { get; }

    /// <summary>Token texts by id, as <c>tokenizer.ggml.tokens</c> stores them.</summary>
    IReadOnlyList<string> Tokens { get; }

    /// <summary>The corpus as llama.cpp tokenizes it (special tokens parsed, no BOS).</summary>
    IReadOnlyList<int> CorpusTokenIds { get; }

    /// <summary>The corpus cut into special tokens and pieces, in order; their concatenation is the corpus.</summary>
    IReadOnlyList<string> CorpusPieces { get; }

    /// <summary>Token ids that occur more than once in <see cref="CorpusTokenIds"/> and do not end generation: their
    /// successor follows the first occurrence only.</summary>
    IReadOnlyList<int> RepeatedTokenIds { get; }

    /// <summary>The control tokens, in id order.</summary>
    IReadOnlyList<string> SpecialTokens { get; }

    int Count { get; }

    /// <summary>The id of a control token such as <see cref="GlmControlTokens.User"/>.</summary>
    int SpecialId(string special);

    /// <summary>llama.cpp's token type (tokenizer.ggml.token_type) of a token.</summary>
    int TokenType(int id);

    /// <summary>The token the predictable model emits after <paramref name="id"/>.</summary>
    int SuccessorOf(int id);

    /// <summary>True for the tokens that end generation in llama.cpp or in the engine (end of text, end of turn).</summary>
    bool IsEndOfGeneration(int id);

    /// <summary>Token ids of <paramref name="text"/> as llama.cpp's tokenizer gives them (special tokens parsed, no BOS).</summary>
    IReadOnlyList<int> Tokenize(string text);

    /// <summary>What greedy decoding of the predictable model produces after <paramref name="prompt"/>.</summary>
    PredictedContinuation PredictGreedy(string prompt, int maxTokens = 256);
}
