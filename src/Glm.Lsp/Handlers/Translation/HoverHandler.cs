using Glm.Lsp.Protocol;
using Glm.Lsp.Settings;
using Glm.Lsp.Translation;
using StreamJsonRpc;

namespace Glm.Lsp.Handlers;

/// <summary>
/// textDocument/hover on a comment or docstring shows its translation. A hover never waits longer than
/// glm.hoverTimeBudgetMs: past it the answer says the translation is on its way, and the next hover finds it cached.
/// </summary>
internal sealed class HoverHandler(ServerContext context, CommentTranslationService comments, TranslationService translations)
{
    /// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#textDocument_hover</remarks>
    [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
    public async Task<Hover?> HoverAsync(HoverParams parameters, CancellationToken cancellationToken)
    {
        var document = context.Documents.TryGet(parameters.TextDocument.Uri);
        var settings = context.Settings.Current;
        var generator = context.Models.Generator;
        if (document is null || generator is null || !GlmSettings.IsListed(settings.TranslationLanguages, document.LanguageId))
        {
            return null;
        }

        var block = await comments.FindAsync(document, parameters.Position.ToLinePosition(), cancellationToken);
        if (block is null)
        {
            return null;
        }

        var format = context.Client.Capabilities.HoverMarkdown ? HoverText.Markdown : HoverText.PlainText;
        var target = TranslationTarget.For(block.Text, settings.TranslationTarget);
        var language = TranslationTarget.LanguageName(target);
        var translation = translations.TranslateAsync(generator, settings, block.Text, target);
        var budget = Task.Delay(TimeSpan.FromMilliseconds(settings.HoverTimeBudgetMs), cancellationToken);
        if (await Task.WhenAny(translation, budget) != translation)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new Hover(format.Translating(language), block.Range.ToLspRange());
        }

        return translation.IsCompletedSuccessfully
            ? new Hover(format.Translation(language, translation.Result), block.Range.ToLspRange())
            : new Hover(format.Failed(translation.Exception?.InnerException?.Message), block.Range.ToLspRange());
    }
}
