using Glm.Lsp.Completion;
using Glm.Lsp.Protocol;
using StreamJsonRpc;

namespace Glm.Lsp.Handlers;

/// <summary>
/// didOpen, didChange and didClose. They are synchronous on purpose: StreamJsonRpc dispatches messages one at a time
/// in arrival order until a handler yields, so synchronous state changes are applied strictly in order.
/// </summary>
/// <param name="prefill">Told of each open and edit, in order with them.</param>
internal sealed class DocumentSyncHandler(ServerContext context, BackgroundPrefill? prefill = null)
{
    /// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#textDocument_didOpen</remarks>
    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    public void DidOpen(DidOpenTextDocumentParams parameters)
    {
        var item = parameters.TextDocument;
        context.Documents.Open(item.Uri, item.LanguageId, item.Version, item.Text);

        // Grammars load and compile slowly the first time (Markdown's pulls in many embedded ones): start now, off the
        // dispatch order, on the opened text, so the user's first keystroke does not wait for it.
        if (context.Documents.TryGet(parameters.TextDocument.Uri) is { } opened)
        {
            _ = Task.Run(() => context.Syntax.Warm(opened));
            prefill?.Opened(opened);
        }
    }

    /// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#textDocument_didChange</remarks>
    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    public void DidChange(DidChangeTextDocumentParams parameters)
    {
        var changes = parameters.ContentChanges.Select(LspConversions.ToTextChange).ToList();
        var changed = context.Documents.Change(parameters.TextDocument.Uri, parameters.TextDocument.Version, changes);
        prefill?.Edited(changed, changes);
    }

    /// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#textDocument_didClose</remarks>
    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    public void DidClose(DidCloseTextDocumentParams parameters) => context.Documents.Close(parameters.TextDocument.Uri);
}
