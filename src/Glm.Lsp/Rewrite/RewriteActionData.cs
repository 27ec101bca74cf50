using Glm.Lsp.Protocol;

namespace Glm.Lsp.Rewrite;

/// <summary>What a rewrite code action remembers between textDocument/codeAction and codeAction/resolve.</summary>
public sealed record RewriteActionData(string Uri, int Version, LspRange Range, string Style);
