using System.Text.Json;
using Glm.Lsp.Protocol;
using Glm.Lsp.Rewrite;
using Glm.Lsp.Settings;
using Glm.Lsp.Server;
using Glm.Lsp.Translation;
using StreamJsonRpc;

namespace Glm.Lsp.Handlers;

/// <summary>
/// Rewrite-selection and comment translation: textDocument/codeAction offers actions instantly (no generation),
/// codeAction/resolve generates and returns the edit, reporting the text so far as work-done progress; glm/rewrite
/// streams partial results. What an action does is <see cref="RewriteActions"/>.
/// </summary>
internal sealed class CodeActionHandler(ServerContext context, CommentTranslationService commentTranslations, RewriteActions actions)
{
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
            var action = new CodeAction(RewriteActions.TitleOf(style), CodeActionKinds.RefactorRewrite, JsonSerializer.SerializeToElement(data, LspJson.Options));
            return CommandActions.ForClient(context.Client.Capabilities, action, data);
        }

        var actionsHere = new List<CodeAction>();
        var start = document.OffsetAt(parameters.Range.Start);
        var end = document.OffsetAt(parameters.Range.End);
        if (end > start && document.Text[start..end].Trim().Length > 0)
        {
            actionsHere.AddRange(RewriteStyle.All.Select(style => Action(parameters.Range, style.Id)));
        }

        if (GlmSettings.IsListed(settings.TranslationLanguages, document.LanguageId))
        {
            var block = await commentTranslations.FindAsync(document, parameters.Range.Start.ToLinePosition(), cancellationToken);
            if (block is not null)
            {
                actionsHere.Add(Action(block.Range.ToLspRange(), RewriteActions.TranslateComment));
                actionsHere.Add(Action(block.Range.ToLspRange(), RewriteActions.AddTranslationBelow));
            }
        }

        return [.. actionsHere];
    }

    /// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#codeAction_resolve</remarks>
    [JsonRpcMethod("codeAction/resolve", UseSingleObjectParameterDeserialization = true)]
    public async Task<CodeAction> ResolveAsync(CodeAction action, CancellationToken cancellationToken)
    {
        var data = action.Data?.Deserialize<RewriteActionData>(LspJson.Options)
            ?? throw ServerErrors.InvalidParams("The code action has no data to resolve.");
        return action with { Edit = await actions.EditForAsync(data, cancellationToken) };
    }

    /// <summary>Custom: rewrites a selection with a style or a free instruction, streaming partial text (docs/lsp-extensions.md).
    /// No edit: the client applies the text itself, a live preview changing the document as it streams.</summary>
    [JsonRpcMethod(ServerCommands.RewriteMethod, UseSingleObjectParameterDeserialization = true)]
    public async Task<RewriteResult> RewriteAsync(RewriteParams parameters, CancellationToken cancellationToken) =>
        new((await actions.RewriteAsync(parameters, cancellationToken)).Text);

    private static bool Wants(IReadOnlyList<string>? only, string kind) =>
        only is null || only.Count == 0 || only.Any(o => kind == o || kind.StartsWith(o + ".", StringComparison.Ordinal));
}
