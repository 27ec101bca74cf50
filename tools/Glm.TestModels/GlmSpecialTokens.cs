using Glm.Inference.Tokenization;

namespace Glm.TestModels;

/// <summary>
/// The control tokens each test-model layout's vocabulary ends with, in id order, built from the names in
/// <see cref="GlmControlTokens"/>.
/// </summary>
public static class GlmSpecialTokens
{
    /// <summary>GLM-4's ten control tokens in vocabulary order (the first gets the lowest id): its added tokens without
    /// the image and video markers.</summary>
    public static IReadOnlyList<string> All { get; } = [.. GlmControlTokens.Glm4Added.Take(10)];

    /// <summary>GLM-4-9B's (and CodeGeeX4's) 14 added tokens, ids 151329–151342 in the real vocabulary; GLM-Edge has the
    /// same tokens in the same order from id 59246.</summary>
    public static IReadOnlyList<string> Glm4Added => GlmControlTokens.Glm4Added;

    /// <summary>ChatGLM3-6B's control tokens after the SentencePiece vocabulary, ids 64789–64797 in the real model.</summary>
    public static IReadOnlyList<string> ChatGlm3Control { get; } =
    [
        GlmControlTokens.Mask, GlmControlTokens.GMask, GlmControlTokens.SMask, GlmControlTokens.ChatGlm3StartOfPiece,
        GlmControlTokens.ChatGlm3EndOfPiece, GlmControlTokens.System, GlmControlTokens.User, GlmControlTokens.Assistant,
        GlmControlTokens.Observation,
    ];

    /// <summary>The control tokens a layout's vocabulary ends with, in id order.</summary>
    public static IReadOnlyList<string> For(TestModelLayout layout) => layout switch
    {
        TestModelLayout.ChatGlm3 => ChatGlm3Control,
        TestModelLayout.Glm4 => All,
        _ => Glm4Added,
    };

    /// <summary>The position of <paramref name="special"/> in <see cref="All"/>, which is its id minus the first special id.</summary>
    public static int IndexOf(string special)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == special)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{special}' is not a GLM-4 special token.", nameof(special));
    }
}
