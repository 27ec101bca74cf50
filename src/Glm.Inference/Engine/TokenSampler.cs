using Glm.Inference.Generation;
using LLama.Native;
using LLama.Sampling;

namespace Glm.Inference.Engine;

/// <summary>
/// Picks the next token from a context's logits: an exact argmax at temperature 0 (reproducible across runs and
/// machines), otherwise llama.cpp's default sampler chain with the request's temperature and seed.
/// </summary>
internal sealed class TokenSampler : IDisposable
{
    private readonly DefaultSamplingPipeline? pipeline;

    public TokenSampler(float temperature, uint seed)
    {
        if (temperature > 0)
        {
            pipeline = new DefaultSamplingPipeline { Temperature = temperature, Seed = seed };
        }
    }

    public int Sample(SafeLLamaContextHandle context, int logitsIndex) =>
        pipeline is null ? Argmax(context.GetLogitsIth(logitsIndex)) : (int)pipeline.Sample(context, logitsIndex);

    public void Dispose() => pipeline?.Dispose();

    /// <summary>The highest logit; the lowest id wins a tie.</summary>
    private static int Argmax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        // NaN never compares greater, so a NaN here means the first logit is NaN and no other won: the weights are
        // broken (NaN or overflowing values), and token 0 would be a NUL byte written into the user's document.
        return float.IsNaN(logits[best])
            ? throw new GenerationFailedException("The model produced NaN logits; its weights are probably corrupt.")
            : best;
    }
}
