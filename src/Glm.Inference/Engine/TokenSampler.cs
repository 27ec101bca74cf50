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
    internal static int Argmax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        var varied = false;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }

            varied |= logits[i] != logits[0];
        }

        // Both cases would pick token 0, a NUL byte, and write it into the user's document. NaN never compares greater,
        // so a NaN here means the first logit is NaN and no other won: NaN or overflowing weights. Identical logits
        // mean the model carries no information at all: zeroed weights.
        if (float.IsNaN(logits[best]))
        {
            throw new GenerationFailedException("The model produced NaN logits; its weights are probably corrupt.");
        }

        return varied || logits.Length == 1
            ? best
            : throw new GenerationFailedException("The model gave every token the same score; its weights are probably zeroed.");
    }
}
