using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

/// <summary>
/// Many independent generations in a row, as the benchmark's rounds run them: each must cost the same work and give the
/// same answer as on a fresh engine. A KV cache that kept cells of earlier requests (a slot not emptied, a removal that
/// missed the other sequence) would fill the small slots here within three requests and fail or change the answers.
/// </summary>
[Trait("Speed", "Slow")]
public class LlamaEngineRepeatedGenerationTests
{
    private const string Prefix = "[gMASK]<sop>";
    private const int Rounds = 30;
    private const int PromptWords = 40;
    private const int Generated = 20;

    [Fact]
    public async Task ThirtyIndependentGenerationsInSmallSlotsAllEvaluateTheirWholePromptAndAnswerExactly()
    {
        // 256 tokens for 2 slots: 128 each, room for two of these 62-token requests but not three.
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 256);
        var options = new GenerationOptions { MaxTokens = Generated };

        var slotsUsed = new HashSet<int>();
        for (var round = 0; round < Rounds; round++)
        {
            // Starts far apart, so no two prompts share a word and only [gMASK]<sop> can be reused.
            var start = round * 47 % 1400;
            var result = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(start, PromptWords)), options);

            Assert.Equal(EngineTestModels.Words(start + PromptWords, Generated), result.Text);
            Assert.Equal(StopReason.MaxTokens, result.Stats.StopReason);
            Assert.Equal(PromptWords + 2, result.Stats.PromptTokens);
            // The first request in each slot evaluates everything; later ones reuse exactly [gMASK]<sop>.
            Assert.Equal(slotsUsed.Add(result.Stats.SlotId) ? PromptWords + 2 : PromptWords, result.Stats.EvaluatedPromptTokens);
            Assert.InRange(result.Stats.GenerationDecodeTime, TimeSpan.FromTicks(1), result.Stats.GenerationTime);
        }

        Assert.Equal([0, 1], slotsUsed.Order());
    }
}
