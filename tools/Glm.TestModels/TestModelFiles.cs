using Glm.Inference.Gguf;

namespace Glm.TestModels;

/// <summary>Entry points for tests and demos: cached test models by what they contain.</summary>
public static class TestModelFiles
{
    /// <summary>The default predictable model (corpus <see cref="DefaultCorpus.Text"/>); returns the GGUF path.</summary>
    public static string Predictable() => PredictableModel(DefaultCorpus.Text).Path;

    /// <summary>The default predictable model of a layout (corpus <see cref="DefaultCorpus.For"/>).</summary>
    public static PredictableModel Predictable(TestModelLayout layout) =>
        PredictableModel(DefaultCorpus.For(layout), PredictableModelOptions.For(layout));

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

    /// <summary>A GLM-shaped random-weight model with <paramref name="blockCount"/> layers and matrices in
    /// <paramref name="matrixType"/> (F32, F16, Q8_0 or Q4_0) in a layout's vocabulary; returns the GGUF path.</summary>
    public static string Shaped(GlmShape shape, int blockCount, GgmlType matrixType, TestModelLayout layout = TestModelLayout.Glm4)
    {
        // The GLM-4 layout keeps its original key and name, so files cached before layouts existed stay valid.
        var layoutKey = layout == TestModelLayout.Glm4 ? "" : $"|layout={layout}";
        var layoutName = layout == TestModelLayout.Glm4 ? "" : "-" + layout.ToString().ToLowerInvariant();
        var key = $"v{GlmShapeModelBuilder.Version}|{shape}|blocks={blockCount}|type={matrixType}{layoutKey}";
        var name = $"{shape.Name}{layoutName}-{blockCount}l-{matrixType.ToString().ToLowerInvariant()}";
        return TestModelCache.GetOrCreate(name, key, temporary => GlmShapeModelBuilder.Write(temporary, shape, blockCount, matrixType, layout));
    }
}
