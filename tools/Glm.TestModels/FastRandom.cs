namespace Glm.TestModels;

/// <summary>
/// A seeded xorshift generator for filler weights: test models need reproducible values quickly, not good statistics,
/// and System.Random would spend minutes on the billions of values a 6B-shaped model holds.
/// </summary>
public sealed class FastRandom(ulong seed)
{
    private ulong state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

    /// <summary>Fills <paramref name="destination"/> with values uniform in [-amplitude, amplitude).</summary>
    public void Fill(Span<float> destination, float amplitude)
    {
        var scale = 2f * amplitude / (1 << 24);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = ((int)(Next() >> 40) * scale) - amplitude;
        }
    }

    public ulong Next()
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }
}
