namespace Glm.TestModels;

/// <summary>A predictable model on disk together with the vocabulary it was built from (for token-level assertions).</summary>
public sealed record PredictableModel(string Path, IPredictableVocabulary Vocabulary, PredictableModelOptions Options)
{
    public string Corpus => Vocabulary.Corpus;
}
