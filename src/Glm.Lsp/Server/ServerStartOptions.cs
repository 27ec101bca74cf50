using Glm.Lsp.Models;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Server;

/// <summary>How the server is started.</summary>
/// <param name="ModelPath">From <c>--model</c>: used when the client does not set glm.modelPath.</param>
/// <param name="GeneratorFactory">The inference engine; null starts the server without one (loads fail with a message).</param>
/// <param name="LogLevel">Initial level of the stderr log; the glm.logLevel setting changes it later.</param>
/// <param name="EnableTestMethods">From the hidden <c>--enable-test-methods</c>: serve the <c>glm/debug/…</c> requests.</param>
public sealed record ServerStartOptions(
    string? ModelPath = null,
    IGeneratorFactory? GeneratorFactory = null,
    LogLevel LogLevel = LogLevel.Information,
    bool EnableTestMethods = false);
