namespace Glm.TestModels;

/// <summary>
/// The corpus of the default predictable model. Every token in it occurs once, so greedy generation from any prefix
/// that ends on a piece boundary continues with exactly the rest of the corpus and then stops at <c>&lt;|endoftext|&gt;</c>.
/// </summary>
public static class DefaultCorpus
{
    /// <summary>The scripted chat: the first newline of the corpus follows <c>&lt;|assistant|&gt;</c>, so any chat prompt
    /// rendered as llama.cpp's chatglm4 template does (ending in <c>&lt;|assistant|&gt;\n</c>) is answered with
    /// <see cref="ChatAnswer"/>. The user turn has no newline of its own on purpose: the model only looks at the last token.</summary>
    public const string ChatPart = "[gMASK]<sop><|user|>Hello<|assistant|>\n" + ChatAnswer + "<|endoftext|>";

    /// <summary>What the model answers to any chat prompt that ends with <c>&lt;|assistant|&gt;\n</c>.</summary>
    public const string ChatAnswer = "Hi there! How can I help you today?";

    /// <summary>Plain text after the chat: English with one of each punctuation mark, then a line of Chinese.</summary>
    public const string Prose =
        "Good documentation explains why the code exists, not merely what it does; write for a reader who arrives next "
        + "year holding one bug report and no context. 山川异域，风月同天。";

    /// <summary>The whole default corpus.</summary>
    public const string Text = ChatPart + Prose;

    /// <summary>ChatGLM3's scripted chat: its template ends the prompt with <c>&lt;|assistant|&gt;</c>, and the answer
    /// starts with the header line (empty metadata, then a newline) and ends with <c>&lt;|user|&gt;</c>.</summary>
    public const string ChatGlm3ChatPart = "[gMASK]sop<|user|>Hello<|assistant|>\n " + ChatAnswer + "<|user|>";

    /// <summary>Prose whose words hold ChatGLM3's plain-word control tokens: "people" holds eop, "Aesop" holds sop.</summary>
    public const string ControlWordProse = "The people develop philosophy: Aesop saw that leopard";

    /// <summary>GLM-Edge's scripted chat: its prompts have no start tokens and end with <c>&lt;|assistant|&gt;\n</c>.</summary>
    public const string GlmEdgeChatPart = "<|user|>Hello<|assistant|>\n" + ChatAnswer + "<|endoftext|>";

    /// <summary>The default corpus of a layout: ChatGLM3's chat part differs, and it adds the control-word prose;
    /// GLM-Edge's chat part has no start tokens.</summary>
    public static string For(TestModelLayout layout) => layout switch
    {
        TestModelLayout.ChatGlm3 => ChatGlm3ChatPart + Prose + " " + ControlWordProse,
        TestModelLayout.GlmEdge => GlmEdgeChatPart + Prose,
        _ => Text,
    };

    /// <summary>A corpus piece whose three UTF-8 bytes appear nowhere else: leave it unmerged to make the model emit one
    /// Chinese character as three byte tokens (for UTF-8 streaming tests).</summary>
    public const string MultiByteCharacterPiece = "。";
}
