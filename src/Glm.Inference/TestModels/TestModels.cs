using Glm.Inference.Gguf;

namespace Glm.Inference.TestModels;

/// <summary>Entry points for tests and demos: cached test models by what they contain.</summary>
public static class TestModels
{
    /// <summary>The default predictable model (corpus <see cref="DefaultCorpus.Text"/>); returns the GGUF path.</summary>
    public static string Predictable() => PredictableModel(DefaultCorpus.Text).Path;

    /// <summary>A predictable model for <paramref name="corpus"/>; returns the GGUF path.</summary>
    public static string Predictable(string corpus, PredictableModelOptions? options = null) =>
        PredictableModel(corpus, options).Path;

    /// <summary>A predictable model for <paramref name="corpus"/> with its vocabulary (token ids, successors).</summary>
    public static PredictableModel PredictableModel(string corpus, PredictableModelOptions? options = null)
    {
        options ??= PredictableModelOptions.Default;

        // The vocabulary is rebuilt in memory even when the file is cached: it is cheap and callers want the ids.
        var vocabulary = PredictableModelBuilder.CreateVocabulary(corpus, options);
        var key = $"v{PredictableModelBuilder.Version}|{options.ToCacheKey()}|corpus={corpus}";
        var path = TestModelCache.GetOrCreate("predictable", key, temporary => PredictableModelBuilder.Write(temporary, corpus, options));
        return new PredictableModel(path, vocabulary, options);
    }
}
