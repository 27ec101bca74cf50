using Glm.Lsp.Models;
using Glm.Lsp.Syntax;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Server;

/// <summary>How the server is started.</summary>
/// <param name="ModelPath">From <c>--model</c>: used when the client does not set glm.modelPath.</param>
/// <param name="GeneratorFactory">The inference engine; null starts the server without one (loads fail with a message).</param>
/// <param name="LogLevel">Initial level of the stderr log; the glm.logLevel setting changes it later.</param>
/// <param name="Syntax">The grammar-based detector; null shares the process-wide one (tests pass a fresh one).</param>
public sealed record ServerStartOptions(
    string? ModelPath = null, IGeneratorFactory? GeneratorFactory = null, LogLevel LogLevel = LogLevel.Information, SyntaxContextDetector? Syntax = null);
