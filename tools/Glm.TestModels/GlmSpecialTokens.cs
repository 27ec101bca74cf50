namespace Glm.TestModels;

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

    public const string BeginOfImage = "<|begin_of_image|>";
    public const string EndOfImage = "<|end_of_image|>";
    public const string BeginOfVideo = "<|begin_of_video|>";
    public const string EndOfVideo = "<|end_of_video|>";

    /// <summary>ChatGLM3's start-of-piece and end-of-piece control tokens: plain words, no brackets.</summary>
    public const string ChatGlm3StartOfPiece = "sop";
    public const string ChatGlm3EndOfPiece = "eop";

    /// <summary>ChatGLM3's end of sentence, id 2 (the converter renames SentencePiece's &lt;/s&gt;).</summary>
    public const string ChatGlm3EndOfSentence = "<eos>";

    /// <summary>All ten, in vocabulary order: the first one gets the lowest id.</summary>
    public static IReadOnlyList<string> All { get; } =
        [EndOfText, Mask, GMask, SMask, StartOfPiece, EndOfPiece, System, User, Assistant, Observation];

    /// <summary>GLM-4-9B's (and CodeGeeX4's) 14 added tokens, ids 151329–151342 in the real vocabulary.</summary>
    public static IReadOnlyList<string> Glm4Added { get; } =
        [.. All, BeginOfImage, EndOfImage, BeginOfVideo, EndOfVideo];

    /// <summary>ChatGLM3-6B's control tokens after the SentencePiece vocabulary, ids 64789–64797 in the real model.</summary>
    public static IReadOnlyList<string> ChatGlm3Control { get; } =
        [Mask, GMask, SMask, ChatGlm3StartOfPiece, ChatGlm3EndOfPiece, System, User, Assistant, Observation];

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
