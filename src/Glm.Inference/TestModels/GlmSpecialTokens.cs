namespace Glm.Inference.TestModels;

/// <summary>The GLM-4 control tokens, in the order GLM-4's tokenizer numbers them after the ordinary vocabulary.</summary>
public static class GlmSpecialTokens
{
    public const string EndOfText = "<|endoftext|>";
    public const string Mask = "[MASK]";
    public const string GMask = "[gMASK]";
    public const string SMask = "[sMASK]";
    public const string StartOfPiece = "<sop>";
    public const string EndOfPiece = "<eop>";
    public const string System = "<|system|>";
    public const string User = "<|user|>";
    public const string Assistant = "<|assistant|>";
    public const string Observation = "<|observation|>";

    /// <summary>All ten, in vocabulary order: the first one gets the lowest id.</summary>
    public static IReadOnlyList<string> All { get; } =
        [EndOfText, Mask, GMask, SMask, StartOfPiece, EndOfPiece, System, User, Assistant, Observation];

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
