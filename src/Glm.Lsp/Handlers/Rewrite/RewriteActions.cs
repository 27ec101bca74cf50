using Glm.Lsp.Client;
using Glm.Lsp.Protocol;
using Glm.Lsp.Rewrite;
using Glm.Lsp.Translation;

namespace Glm.Lsp.Handlers;

/// <summary>
/// What the rewrite and translation actions do once chosen, shared by codeAction/resolve, the glm.rewrite/glm.translate
/// commands of clients that cannot resolve, and glm/rewrite: check that the document is still the one the action was
/// made for, call <see cref="RewriteService"/> or <see cref="CommentTranslationService"/>, and turn the answer into an
/// edit or a result with the client's progress reporting.
/// </summary>
/// <param name="partialResultSpacing">Test-only, see <see cref="Server.DiagnosticSwitches.PartialResultSpacing"/>.</param>
internal sealed class RewriteActions(ServerContext context, CommentTranslationService commentTranslations, TimeSpan partialResultSpacing = default)
{
    internal const string TranslateComment = "translateComment";
    internal const string AddTranslationBelow = "addTranslationBelow";

    /// <summary>The title of the action of a style, as the editor's menu shows it.</summary>
    internal static string TitleOf(string style) => style switch
    {
        TranslateComment => "Translate comment",
        AddTranslationBelow => "Add translation below",
        _ => RewriteStyle.Find(style)?.Title ?? style,
    };

    internal static bool IsTranslation(string style) => style is TranslateComment or AddTranslationBelow;

    /// <summary>The edit of an action offered for <see cref="RewriteActionData.Version"/>: ContentModified when the
    /// document moved on before or while it was generated.</summary>
    public async Task<WorkspaceEdit> EditForAsync(RewriteActionData data, CancellationToken cancellationToken)
    {
        var document = context.Documents.TryGet(data.Uri) ?? throw ServerErrors.DocumentNotOpen(data.Uri);
        if (document.Version != data.Version)
        {
            throw ServerErrors.ContentModified(data.Uri);
        }

        var generator = context.Models.Generator ?? throw ServerErrors.ModelNotReady(context.Models);
        var settings = context.Settings.Current;
        if (IsTranslation(data.Style))
        {
            var replacement = await commentTranslations.TranslateIntoDocumentAsync(
                    generator, settings, document, data.Range.End.ToLinePosition(), keepOriginal: data.Style == AddTranslationBelow, cancellationToken)
                ?? throw ServerErrors.InvalidParams($"There is no comment at {data.Range.Start.Line}:{data.Range.Start.Character} any more.");
            return WorkspaceEditFactory.ForVersion(context.Documents, context.Client.Capabilities, data.Uri, document.Version, replacement.ToTextEdit());
        }

        var style = RewriteStyle.Find(data.Style) ?? throw ServerErrors.InvalidParams($"Unknown rewrite style: {data.Style}");
        var rewritten = await Task.Run(
            async () =>
            {
                var progress = await WorkDoneProgress.BeginAsync(context.Client, "rewrite", style.Title, null, cancellationToken, withPercentage: false);
                try
                {
                    return await RewriteService.RewriteAsync(
                        generator, settings, document, data.Range.ToLineRange(), style.Instruction, progress is null ? null : progress.ReportMessage, cancellationToken);
                }
                finally
                {
                    if (progress is not null)
                    {
                        await progress.EndAsync(cancellationToken.IsCancellationRequested ? "Cancelled" : "Done");
                    }
                }
            },
            cancellationToken);

        return WorkspaceEditFactory.ForVersion(context.Documents, context.Client.Capabilities, data.Uri, data.Version, new TextEdit(data.Range, rewritten));
    }

    /// <summary>The rewritten text of glm/rewrite's selection, streamed through its partial-result token, and the document
    /// version it was read from.</summary>
    public async Task<(string Text, int Version)> RewriteAsync(RewriteParams parameters, CancellationToken cancellationToken)
    {
        var document = context.Documents.TryGet(parameters.TextDocument.Uri) ?? throw ServerErrors.DocumentNotOpen(parameters.TextDocument.Uri);
        var instruction = RewriteService.InstructionFor(parameters.Style, parameters.Instruction)
            ?? throw ServerErrors.InvalidParams("glm/rewrite needs a known 'style' or an 'instruction'.");
        var generator = context.Models.Generator ?? throw ServerErrors.ModelNotReady(context.Models);
        var settings = context.Settings.Current;
        return await Task.Run(
            async () =>
            {
                var partial = new PartialResults(context.Client, parameters.PartialResultToken, partialResultSpacing);
                var result = await RewriteService.RewriteAsync(
                    generator, settings, document, parameters.Range.ToLineRange(), instruction, partial.Report, cancellationToken);
                await partial.FlushAsync();
                return (result, document.Version);
            },
            cancellationToken);
    }

    /// <summary>The glm.rewrite command: the text and the edit for the version it was read from (ContentModified when
    /// the document changed meanwhile).</summary>
    public async Task<RewriteResult> RewriteWithEditAsync(RewriteParams parameters, CancellationToken cancellationToken)
    {
        var (text, version) = await RewriteAsync(parameters, cancellationToken);
        var uri = parameters.TextDocument.Uri;
        return new RewriteResult(text, WorkspaceEditFactory.ForVersion(context.Documents, context.Client.Capabilities, uri, version, new TextEdit(parameters.Range, text)));
    }
}
