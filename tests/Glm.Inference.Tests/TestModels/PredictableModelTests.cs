using Glm.Inference.TestModels;

namespace Glm.Inference.Tests.TestModels;

/// <summary>The predictable model's contract, checked through llama.cpp itself (tokenizer and greedy decoding).</summary>
public sealed class PredictableModelTests
{
    [Fact]
    public void Llama_cpp_tokenizes_the_default_corpus_exactly_as_the_builder_planned()
    {
        var model = Glm.Inference.TestModels.TestModels.PredictableModel(DefaultCorpus.Text);
        using var loop = GreedyLoop.Load(model.Path);

        Assert.Equal(model.Vocabulary.CorpusTokenIds, loop.Tokenize(DefaultCorpus.Text));
    }

    [Fact]
    public void Every_piece_of_the_default_corpus_is_one_llama_cpp_token()
    {
        var model = Glm.Inference.TestModels.TestModels.PredictableModel(DefaultCorpus.Text);
        using var loop = GreedyLoop.Load(model.Path);

        var notSingle = model.Vocabulary.CorpusPieces.Where(piece => loop.Tokenize(piece).Length != 1).ToArray();

        Assert.Empty(notSingle);
    }

    [Fact]
    public void Greedy_generation_from_a_prose_prefix_reproduces_the_rest_of_the_corpus_then_stops_at_end_of_text()
    {
        using var loop = GreedyLoop.Load(Glm.Inference.TestModels.TestModels.Predictable());

        var result = loop.Generate("Good documentation");

        Assert.True(result.StoppedAtEnd);
        Assert.Equal(
            " explains why the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。",
            result.Text);
    }
}
