namespace Glm.Inference.Tokenization;

/// <summary>
/// The control tokens of the GLM family (ChatGLM3, GLM-4, CodeGeeX4), each spelled once here; every list of them in
/// the engine, the remote tokenizer and the test-model builders is built from these names, so they cannot drift apart.
/// </summary>
public static class GlmControlTokens
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

    /// <summary>ChatGLM3's SentencePiece tokens (the converter renames &lt;s&gt; and &lt;/s&gt;); &lt;eos&gt; is id 2.</summary>
    public const string Unknown = "<unk>";
    public const string BeginOfSentence = "<bos>";
    public const string EndOfSentence = "<eos>";

    /// <summary>CodeGeeX4's fill-in-the-middle markers (tokens in its later vocabularies, text in GLM-4's).</summary>
    public const string CodeSuffix = "<|code_suffix|>";
    public const string CodePrefix = "<|code_prefix|>";
    public const string CodeMiddle = "<|code_middle|>";

    /// <summary>GLM-4-9B's (and CodeGeeX4's) 14 added tokens in id order (151329–151342 in the real vocabulary): the
    /// tiktoken tokenizer numbers them after the last ordinary rank in this order.</summary>
    public static IReadOnlyList<string> Glm4Added { get; } =
    [
        EndOfText, Mask, GMask, SMask, StartOfPiece, EndOfPiece, System, User, Assistant, Observation,
        BeginOfImage, EndOfImage, BeginOfVideo, EndOfVideo,
    ];

    /// <summary>The fill-in-the-middle markers in the order CodeGeeX4's infilling prompt writes them.</summary>
    public static IReadOnlyList<string> FillInTheMiddleMarkers { get; } = [CodeSuffix, CodePrefix, CodeMiddle];

    /// <summary>Every control token any family member may have, which scaffolding may contain.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Mask, GMask, SMask, StartOfPiece, EndOfPiece, ChatGlm3StartOfPiece, ChatGlm3EndOfPiece, System, User, Assistant,
        Observation, EndOfText, .. FillInTheMiddleMarkers, Unknown, BeginOfSentence, EndOfSentence,
        BeginOfImage, EndOfImage, BeginOfVideo, EndOfVideo,
    ];

    /// <summary>Tokens that end every generation: the end of text and the start of a turn the model must not write.
    /// The engine adds <see cref="Assistant"/> for CodeGeeX4, which writes it where the others write <see cref="User"/>.</summary>
    public static IReadOnlyList<string> Stop { get; } = [EndOfText, User, Observation];

    /// <summary>The tokens whose presence in a vocabulary tells the family members apart.</summary>
    public static IReadOnlyList<string> Distinguishing { get; } =
        [GMask, StartOfPiece, ChatGlm3StartOfPiece, .. FillInTheMiddleMarkers, Observation, User];
}
