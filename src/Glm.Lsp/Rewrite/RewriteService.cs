using Glm.Inference.Generation;
using Glm.Lsp.Documents;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Rewrite;

/// <summary>
/// Rewrites a range of a document with a style or a free instruction: the one path behind the rewrite code action, the
/// glm.rewrite command and glm/rewrite, so they answer the same text for the same selection.
/// </summary>
public static class RewriteService
{
    /// <summary>The free instruction when there is one, else the style's; null when neither is known.</summary>
    public static string? InstructionFor(string? style, string? instruction) =>
        instruction ?? (style is null ? null : RewriteStyle.Find(style)?.Instruction);

    /// <summary>The rewritten text of <paramref name="range"/> as it is in <paramref name="document"/>, reporting the text
    /// so far to <paramref name="textSoFar"/>. Runs on the thread pool: a rewrite takes seconds.</summary>
    public static Task<string> RewriteAsync(
        ITextGenerator generator,
        GlmSettings settings,
        TextDocumentSnapshot document,
        LineRange range,
        string instruction,
        Action<string>? textSoFar,
        CancellationToken cancellationToken)
    {
        var text = document.GetText(range);
        return Task.Run(() => TextTransformer.TransformAsync(generator, settings, instruction, text, textSoFar, cancellationToken), cancellationToken);
    }
}
