namespace Glm.Lsp.Rewrite;

/// <summary>A way to rewrite a selection: its id (used in code action data and glm/rewrite), menu title and
/// instruction. The instruction follows the text in the prompt (<see cref="TextTransformer.UserMessage"/>), so it names
/// the delimiters; a translation into Chinese is asked for in Chinese.</summary>
public sealed record RewriteStyle(string Id, string Title, string Instruction)
{
    public static IReadOnlyList<RewriteStyle> All { get; } =
    [
        new("improve", "Improve writing", "Improve the writing of the text between <text> and </text>. Keep its meaning and its language. Answer with the improved text only."),
        new("concise", "Make concise", "Rewrite the text between <text> and </text> to be more concise. Keep its meaning and its language. Answer with the rewritten text only."),
        new("formal", "Make formal", "Rewrite the text between <text> and </text> in a formal tone. Keep its meaning and its language. Answer with the rewritten text only."),
        new("fixGrammar", "Fix grammar and spelling", "Fix the grammar and spelling of the text between <text> and </text>. Change nothing else. Answer with the corrected text only."),
        new("toEnglish", "Translate to English", "Translate the text between <text> and </text> into English. Keep code identifiers, inline code and URLs exactly as they are. Answer with the translation only."),
        new("toChinese", "Translate to Chinese", "把 <text> 和 </text> 之间的文本翻译成简体中文。代码标识符、行内代码和网址保持原样，不要翻译。只回答译文，不要解释。"),
    ];

    public static RewriteStyle? Find(string id) => All.FirstOrDefault(s => s.Id == id);
}
