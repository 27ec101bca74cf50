using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

/// <summary>
/// The exact argmax that greedy requests and draft verification use (<see cref="TokenSampler.Argmax"/>), on crafted
/// logits; sampling with a temperature on a real context is in <see cref="LlamaEngineLifetimeTests"/>.
/// </summary>
public class TokenSamplerTests
{
    [Fact]
    public void The_highest_logit_wins_wherever_it_is()
    {
        Assert.Equal(2, TokenSampler.Argmax([0.5f, -1f, 3f, 2.5f]));
        Assert.Equal(0, TokenSampler.Argmax([4f, 1f, 3f]));
        Assert.Equal(3, TokenSampler.Argmax([-3f, -2f, -1f, 0f]));
    }

    [Fact]
    public void On_a_tie_the_lowest_id_wins()
    {
        Assert.Equal(1, TokenSampler.Argmax([1f, 3f, 2f, 3f, 3f]));
    }

    [Fact]
    public void A_single_logit_is_token_zero()
    {
        // One logit cannot vary, yet it is no sign of zeroed weights.
        Assert.Equal(0, TokenSampler.Argmax([0f]));
    }

    [Fact]
    public void A_difference_anywhere_before_the_last_logit_counts_as_varied()
    {
        // The last logit equals the first: the one between them still shows the model tells tokens apart.
        Assert.Equal(0, TokenSampler.Argmax([2f, 1f, 2f]));
    }

    [Theory]
    [InlineData(new[] { 0f, 0f })]
    [InlineData(new[] { 1.5f, 1.5f, 1.5f, 1.5f })]
    public void Identical_logits_are_refused_as_zeroed_weights(float[] logits)
    {
        var error = Assert.Throws<GenerationFailedException>(() => TokenSampler.Argmax(logits));

        Assert.Equal("The model gave every token the same score; its weights are probably zeroed.", error.Message);
    }

    [Theory]
    [InlineData(new[] { float.NaN })]
    [InlineData(new[] { float.NaN, 1f, 2f })]
    [InlineData(new[] { float.NaN, float.NaN })]
    public void A_nan_that_no_logit_beats_is_refused_as_corrupt_weights(float[] logits)
    {
        // NaN never compares greater, so a NaN first logit is never replaced: the argmax would be token 0, a NUL byte.
        var error = Assert.Throws<GenerationFailedException>(() => TokenSampler.Argmax(logits));

        Assert.Equal("The model produced NaN logits; its weights are probably corrupt.", error.Message);
    }
}
