using Glm.Inference.Generation;
using Glm.Lsp.Documents;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Translation;

/// <summary>
/// Translates the comment or docstring under a position into the document: the translation replaces the comment's
/// text, or goes on new lines below it, with the comment's markers and indentation and the document's line breaks.
/// </summary>
public sealed class CommentTranslationService(CommentFinder comments, TranslationService translations)
{
    /// <summary>The comment block at <paramref name="position"/>, found off the caller's thread (grammars are slow the first time).</summary>
    public Task<CommentBlock?> FindAsync(TextDocumentSnapshot document, LinePosition position, CancellationToken cancellationToken) =>
        Task.Run(() => comments.Find(document, position), cancellationToken);

    /// <summary>The edit that puts the translation of the comment at <paramref name="position"/> into the document;
    /// null when there is no comment there.</summary>
    /// <param name="keepOriginal">True adds the translation below the comment; false replaces the comment's text.</param>
    public async Task<TextReplacement?> TranslateIntoDocumentAsync(
        ITextGenerator generator,
        GlmSettings settings,
        TextDocumentSnapshot document,
        LinePosition position,
        bool keepOriginal,
        CancellationToken cancellationToken)
    {
        var block = await FindAsync(document, position, cancellationToken);
        if (block is null)
        {
            return null;
        }

        var translation = await translations.TranslateAsync(generator, settings, block.Text, TranslationTarget.For(block.Text, settings.TranslationTarget))
            .WaitAsync(cancellationToken);
        var lineBreak = CommentEdits.LineBreakOf(document.Text);
        return keepOriginal ? CommentEdits.AppendBelow(block, translation, lineBreak) : CommentEdits.Replace(block, translation, lineBreak);
    }
}
