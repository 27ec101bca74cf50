namespace Glm.Lsp.Syntax;

/// <summary>Which language ids are prose, where the whole file is text to write in.</summary>
public static class LanguageKinds
{
    private static readonly HashSet<string> ProseEverywhere = new(StringComparer.OrdinalIgnoreCase)
    {
        "plaintext", "restructuredtext", "rst", "asciidoc", "latex", "tex",
    };

    /// <summary>Prose languages where every position is prose (no grammar needed).</summary>
    public static bool IsPlainProse(string languageId) => ProseEverywhere.Contains(languageId);

    /// <summary>Markdown is prose except fenced code, inline code and front matter, which its grammar marks.</summary>
    public static bool IsMarkdown(string languageId) => string.Equals(languageId, "markdown", StringComparison.OrdinalIgnoreCase);

    public static bool IsProse(string languageId) => IsPlainProse(languageId) || IsMarkdown(languageId);
}
