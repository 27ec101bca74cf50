using System.Text.Json;
using Glm.Inference.Generation;
using Glm.Lsp.Client;
using Glm.Lsp.Documents;
using Glm.Lsp.Protocol;
using Glm.Lsp.Rewrite;
using Glm.Lsp.Server;
using Glm.Lsp.Settings;
using Glm.Lsp.Translation;
using StreamJsonRpc;

namespace Glm.Lsp.Handlers;

/// <summary>
/// Rewrite-selection and comment translation: textDocument/codeAction offers actions instantly (no generation),
/// codeAction/resolve generates and returns the edit, reporting the text so far as work-done progress; glm/rewrite
/// streams partial results.
/// </summary>
/// <param name="partialResultSpacing">Test-only, see <see cref="DiagnosticSwitches.PartialResultSpacing"/>.</param>
internal sealed class CodeActionHandler(ServerContext context, CommentFinder comments, TranslationService translations, TimeSpan partialResultSpacing = default)
{
    internal const string TranslateComment = "translateComment";
    internal const string AddTranslationBelow = "addTranslationBelow";

    /// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#textDocument_codeAction</remarks>
    [JsonRpcMethod("textDocument/codeAction", UseSingleObjectParameterDeserialization = true)]
    public async Task<CodeAction[]> CodeActionsAsync(CodeActionParams parameters, CancellationToken cancellationToken)
    {
        var document = context.Documents.TryGet(parameters.TextDocument.Uri);
        var settings = context.Settings.Current;
        if (document is null || context.Models.Generator is null || !Wants(parameters.Context?.Only, CodeActionKinds.RefactorRewrite))
        {
            return [];
        }

        CodeAction Action(LspRange range, string style)
        {
            var data = new RewriteActionData(document.Uri, document.Version, range, style);
            var action = new CodeAction(TitleOf(style), CodeActionKinds.RefactorRewrite, JsonSerializer.SerializeToElement(data, LspJson.Options));
            return CommandActions.ForClient(context.Client.Capabilities, action, data);
        }

        var actions = new List<CodeAction>();
        var start = document.OffsetAt(parameters.Range.Start);
        var end = document.OffsetAt(parameters.Range.End);
        if (end > start && document.Text[start..end].Trim().Length > 0)
        {
            actions.AddRange(RewriteStyle.All.Select(style => Action(parameters.Range, style.Id)));
        }

        if (GlmSettings.IsListed(settings.TranslationLanguages, document.LanguageId))
        {
            var block = await Task.Run(() => comments.Find(document, parameters.Range.Start), cancellationToken);
            if (block is not null)
            {
                actions.Add(Action(block.Range, TranslateComment));
                actions.Add(Action(block.Range, AddTranslationBelow));
            }
        }

        return [.. actions];
    }

    /// <summary>The title of the action of a style, as the editor's menu shows it.</summary>
    internal static string TitleOf(string style) => style switch
    {
        TranslateComment => "Translate comment",
        AddTranslationBelow => "Add translation below",
        _ => RewriteStyle.Find(style)?.Title ?? style,
    };

    /// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#codeAction_resolve</remarks>
    [JsonRpcMethod("codeAction/resolve", UseSingleObjectParameterDeserialization = true)]
    public async Task<CodeAction> ResolveAsync(CodeAction action, CancellationToken cancellationToken)
    {
        var data = action.Data?.Deserialize<RewriteActionData>(LspJson.Options)
            ?? throw ServerErrors.InvalidParams("The code action has no data to resolve.");
        var document = context.Documents.TryGet(data.Uri) ?? throw ServerErrors.DocumentNotOpen(data.Uri);
        if (document.Version != data.Version)
        {
            throw ServerErrors.ContentModified(data.Uri);
        }

        var generator = context.Models.Generator ?? throw ServerErrors.ModelNotReady(context.Models);
        if (data.Style is TranslateComment or AddTranslationBelow)
        {
            return action with { Edit = await TranslateCommentAsync(document, data, generator, cancellationToken) };
        }

        var style = RewriteStyle.Find(data.Style) ?? throw ServerErrors.InvalidParams($"Unknown rewrite style: {data.Style}");
        var text = document.GetText(data.Range);
        var settings = context.Settings.Current;
        var rewritten = await Task.Run(
            async () =>
            {
                var progress = await WorkDoneProgress.BeginAsync(context.Client, "rewrite", style.Title, null, cancellationToken, withPercentage: false);
                try
                {
                    return await TextTransformer.TransformAsync(generator, settings, style.Instruction, text, progress is null ? null : progress.ReportMessage, cancellationToken);
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

        return action with { Edit = WorkspaceEditFactory.ForVersion(context.Documents, context.Client.Capabilities, data.Uri, data.Version, new TextEdit(data.Range, rewritten)) };
    }

    /// <summary>Custom: rewrites a selection with a style or a free instruction, streaming partial text (docs/lsp-extensions.md).
    /// No edit: the client applies the text itself, a live preview changing the document as it streams.</summary>
    [JsonRpcMethod(ServerCommands.RewriteMethod, UseSingleObjectParameterDeserialization = true)]
    public async Task<RewriteResult> RewriteAsync(RewriteParams parameters, CancellationToken cancellationToken) =>
        new((await RewriteTextAsync(parameters, cancellationToken)).Text);

    /// <summary>The glm.rewrite command: the text and the edit for the version it was read from (ContentModified when
    /// the document changed meanwhile).</summary>
    public async Task<RewriteResult> RewriteCommandAsync(RewriteParams parameters, CancellationToken cancellationToken)
    {
        var (text, version) = await RewriteTextAsync(parameters, cancellationToken);
        var uri = parameters.TextDocument.Uri;
        return new RewriteResult(text, WorkspaceEditFactory.ForVersion(context.Documents, context.Client.Capabilities, uri, version, new TextEdit(parameters.Range, text)));
    }

    private async Task<(string Text, int Version)> RewriteTextAsync(RewriteParams parameters, CancellationToken cancellationToken)
    {
        var document = context.Documents.TryGet(parameters.TextDocument.Uri) ?? throw ServerErrors.DocumentNotOpen(parameters.TextDocument.Uri);
        var instruction = parameters.Instruction
            ?? (parameters.Style is null ? null : RewriteStyle.Find(parameters.Style)?.Instruction)
            ?? throw ServerErrors.InvalidParams("glm/rewrite needs a known 'style' or an 'instruction'.");
        var generator = context.Models.Generator ?? throw ServerErrors.ModelNotReady(context.Models);
        var text = document.GetText(parameters.Range);
        var settings = context.Settings.Current;
        return await Task.Run(
            async () =>
            {
                var partial = new PartialResults(context.Client, parameters.PartialResultToken, partialResultSpacing);
                var result = await TextTransformer.TransformAsync(generator, settings, instruction, text, partial.Report, cancellationToken);
                await partial.FlushAsync();
                return (result, document.Version);
            },
            cancellationToken);
    }

    private async Task<WorkspaceEdit> TranslateCommentAsync(TextDocumentSnapshot document, RewriteActionData data, ITextGenerator generator, CancellationToken cancellationToken)
    {
        var block = await Task.Run(() => comments.Find(document, data.Range.End), cancellationToken)
            ?? throw ServerErrors.InvalidParams($"There is no comment at {data.Range.Start.Line}:{data.Range.Start.Character} any more.");
        var settings = context.Settings.Current;
        var translation = await translations.TranslateAsync(generator, settings, block.Text, TranslationTarget.For(block.Text, settings.TranslationTarget))
            .WaitAsync(cancellationToken);
        var lineBreak = CommentEdits.LineBreakOf(document.Text);
        var edit = data.Style == TranslateComment ? CommentEdits.Replace(block, translation, lineBreak) : CommentEdits.AppendBelow(block, translation, lineBreak);
        return WorkspaceEditFactory.ForVersion(context.Documents, context.Client.Capabilities, data.Uri, document.Version, edit);
    }

    private static bool Wants(IReadOnlyList<string>? only, string kind) =>
        only is null || only.Count == 0 || only.Any(o => kind == o || kind.StartsWith(o + ".", StringComparison.Ordinal));
}
