using System.Text.Json;
using Glm.Lsp.Protocol;
using Glm.Lsp.Server;
using Glm.Lsp.Translation;
using StreamJsonRpc;

namespace Glm.Lsp.Handlers;

/// <summary>workspace/executeCommand: glm.translate and glm.rewrite (docs/lsp-extensions.md).</summary>
internal sealed class ExecuteCommandHandler(ServerContext context, CommentTranslationService comments, TranslationService translations, RewriteActions actions)
{
    private readonly CommandActions commandActions = new(context, actions);

    /// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#workspace_executeCommand</remarks>
    [JsonRpcMethod("workspace/executeCommand", UseSingleObjectParameterDeserialization = true)]
    public async Task<object?> ExecuteAsync(ExecuteCommandParams parameters, CancellationToken cancellationToken)
    {
        if (CommandActions.IsActionCommand(parameters))
        {
            return await commandActions.ExecuteAsync(parameters, cancellationToken);
        }

        var argument = parameters.Arguments is [var first, ..] ? first : (JsonElement?)null;
        return parameters.Command switch
        {
            ServerCommands.Translate => await TranslateAsync(Read<TranslateArguments>(argument, parameters.Command), cancellationToken),
            ServerCommands.Rewrite => await actions.RewriteWithEditAsync(Read<RewriteParams>(argument, parameters.Command), cancellationToken),
            _ => throw ServerErrors.InvalidParams($"Unknown command: {parameters.Command}"),
        };
    }

    private async Task<TranslateResult> TranslateAsync(TranslateArguments arguments, CancellationToken cancellationToken)
    {
        var generator = context.Models.Generator ?? throw ServerErrors.ModelNotReady(context.Models);
        var text = arguments.Text;
        if (text is null && arguments is { TextDocument: { } document, Position: { } position })
        {
            var snapshot = context.Documents.TryGet(document.Uri) ?? throw ServerErrors.DocumentNotOpen(document.Uri);
            text = (await comments.FindAsync(snapshot, position.ToLinePosition(), cancellationToken))?.Text
                ?? throw ServerErrors.InvalidParams($"There is no comment at {position.Line}:{position.Character}.");
        }

        if (text is null)
        {
            throw ServerErrors.InvalidParams("glm.translate needs a 'text' or a 'textDocument' and 'position'.");
        }

        var settings = context.Settings.Current;
        var target = TranslationTarget.For(text, settings.TranslationTarget);
        var translation = await translations.TranslateAsync(generator, settings, text, target).WaitAsync(cancellationToken);
        return new TranslateResult(translation, TranslationTarget.LanguageName(target));
    }

    private static T Read<T>(JsonElement? argument, string command) =>
        (argument is { ValueKind: JsonValueKind.Object } value ? value.Deserialize<T>(LspJson.Options) : default)
        ?? throw ServerErrors.InvalidParams($"{command} needs one object argument.");
}
