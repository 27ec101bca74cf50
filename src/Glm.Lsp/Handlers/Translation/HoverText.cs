using Glm.Lsp.Protocol;

namespace Glm.Lsp.Handlers;

/// <summary>
/// The hover's words in the format the client shows: markdown with emphasis, or plain text for a client whose
/// hover.contentFormat does not list markdown (eglot without markdown-mode would show the asterisks).
/// </summary>
internal sealed class HoverText
{
    private readonly bool markdown;

    private HoverText(bool markdown) => this.markdown = markdown;

    public static HoverText Markdown { get; } = new(markdown: true);
    public static HoverText PlainText { get; } = new(markdown: false);

    public MarkupContent Translating(string language) =>
        Content($"{Emphasis($"GLM is translating this comment into {language}…")} Hover again in a moment to see it.");

    public MarkupContent Translation(string language, string translation) =>
        Content($"{Strong($"GLM translation ({language})")}\n\n{translation}");

    public MarkupContent Failed(string? reason) => Content($"{Emphasis("GLM could not translate this comment:")} {reason}");

    private string Emphasis(string text) => markdown ? $"*{text}*" : text;

    private string Strong(string text) => markdown ? $"**{text}**" : text;

    private MarkupContent Content(string value) => new(markdown ? "markdown" : "plaintext", value);
}
