using System.Text.Json;

namespace Glm.Lsp.Protocol;

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#executeCommandParams</remarks>
public sealed record ExecuteCommandParams(string Command, IReadOnlyList<JsonElement>? Arguments = null);

/// <summary>The result of glm.translate (docs/lsp-extensions.md).</summary>
public sealed record TranslateResult(string Text, string TargetLanguage);

/// <summary>Argument of glm.translate: a text, or a document position whose comment is translated.</summary>
public sealed record TranslateArguments(string? Text = null, TextDocumentIdentifier? TextDocument = null, Position? Position = null);
