namespace Glm.Lsp.Protocol;

/// <summary>The <c>data</c> of a rewrite or translation code action: what it remembers between textDocument/codeAction
/// and codeAction/resolve, and the argument of the glm.rewrite/glm.translate command made from it.</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#codeAction</remarks>
public sealed record RewriteActionData(string Uri, int Version, LspRange Range, string Style);
