namespace Glm.Lsp.Rewrite;

/// <summary>A way to rewrite a selection: its id (used in code action data and glm/rewrite), menu title and instruction.</summary>
public sealed record RewriteStyle(string Id, string Title, string Instruction)
{
    public static IReadOnlyList<RewriteStyle> All { get; } =
    [
        new("improve", "Improve writing", "Improve the writing of the following text. Keep its meaning and its language."),
        new("concise", "Make concise", "Rewrite the following text to be more concise. Keep its meaning and its language."),
        new("formal", "Make formal", "Rewrite the following text in a formal tone. Keep its meaning and its language."),
        new("fixGrammar", "Fix grammar and spelling", "Fix the grammar and spelling of the following text. Change nothing else."),
        new("toEnglish", "Translate to English", "Translate the following text into English."),
        new("toChinese", "Translate to Chinese", "Translate the following text into Simplified Chinese."),
    ];

    public static RewriteStyle? Find(string id) => All.FirstOrDefault(s => s.Id == id);
}
