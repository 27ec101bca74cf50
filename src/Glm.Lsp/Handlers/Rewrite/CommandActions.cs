using System.Text.Json;
using Glm.Lsp.Client;
using Glm.Lsp.Protocol;
using Glm.Lsp.Server;
using StreamJsonRpc;

namespace Glm.Lsp.Handlers;

/// <summary>
/// Rewrite and translation actions for clients that cannot resolve a code action's edit (eglot 1.9 declares no
/// codeAction.resolveSupport and never sends codeAction/resolve). Each action then carries a glm.rewrite or
/// glm.translate command with the action's data; running it makes the edit exactly as codeAction/resolve would and
/// sends it to the editor with workspace/applyEdit.
/// </summary>
internal sealed class CommandActions(ServerContext context, RewriteActions actions)
{
    /// <summary>The action itself for a client that resolves edits, otherwise the action with its command.</summary>
    public static CodeAction ForClient(ClientCapabilities client, CodeAction action, RewriteActionData data) =>
        client.CodeActionResolvesEdit
            ? action
            : action with { Command = new Command(action.Title, CommandFor(data.Style), [JsonSerializer.SerializeToElement(data, LspJson.Options)]) };

    /// <summary>
    /// True for a command made by <see cref="ForClient"/>: its argument is an action's data (uri, version, range,
    /// style), unlike glm/rewrite's parameters (textDocument, range, style) or glm.translate's (text or textDocument).
    /// </summary>
    public static bool IsActionCommand(ExecuteCommandParams parameters) =>
        parameters.Command is ServerCommands.Rewrite or ServerCommands.Translate
        && parameters.Arguments is [{ ValueKind: JsonValueKind.Object } argument, ..]
        && argument.TryGetProperty("uri", out _) && argument.TryGetProperty("version", out _) && argument.TryGetProperty("style", out _);

    /// <summary>Makes the action's edit (with progress, as resolve does) and has the editor apply it.</summary>
    public async Task<object?> ExecuteAsync(ExecuteCommandParams parameters, CancellationToken cancellationToken)
    {
        if (!context.Client.Capabilities.ApplyEdit)
        {
            throw new LocalRpcException(
                $"{parameters.Command} applies its edit with workspace/applyEdit, which this editor does not support; "
                + "use an editor that resolves code actions (codeAction/resolve) or supports workspace/applyEdit.")
            { ErrorCode = LspErrorCodes.RequestFailed };
        }

        var argument = parameters.Arguments![0];
        var data = argument.Deserialize<RewriteActionData>(LspJson.Options)
            ?? throw ServerErrors.InvalidParams($"{parameters.Command} needs one object argument.");
        var title = RewriteActions.TitleOf(data.Style);
        var edit = await actions.EditForAsync(data, cancellationToken);
        var applied = await context.Client.ApplyEditAsync(title, edit, cancellationToken);
        if (!applied.Applied)
        {
            throw new LocalRpcException($"The editor did not apply the edit of \"{title}\": {applied.FailureReason ?? "no reason given"}")
            {
                ErrorCode = LspErrorCodes.RequestFailed,
            };
        }

        return null;
    }

    private static string CommandFor(string style) =>
        RewriteActions.IsTranslation(style) ? ServerCommands.Translate : ServerCommands.Rewrite;
}
