using Glm.Lsp.Models;
using Glm.Lsp.Syntax;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Server;

/// <summary>How the server is started.</summary>
/// <param name="ModelPath">From <c>--model</c>: used when the client does not set glm.modelPath.</param>
/// <param name="GeneratorFactory">The inference engine; null starts the server without one (loads fail with a message).</param>
/// <param name="LogLevel">Initial level of the stderr log; the glm.logLevel setting changes it later.</param>
/// <param name="Switches">Test and benchmark switches, read once at startup; null means <see cref="DiagnosticSwitches.None"/>.</param>
public sealed record ServerStartOptions(
    string? ModelPath = null,
    IGeneratorFactory? GeneratorFactory = null,
    LogLevel LogLevel = LogLevel.Information,
    DiagnosticSwitches? Switches = null)
{
    /// <summary>From <c>--verbose</c>: debug lines (native llama.cpp logs included) from the start, whatever glm.logLevel says.</summary>
    public bool Verbose { get; init; }

    /// <summary>The remote engine when glm.remote.endpoint is set; null connects with <see cref="RemoteGeneratorFactory"/>.</summary>
    public IGeneratorFactory? RemoteGeneratorFactory { get; init; }

    /// <summary>Environment lookup for GLM_LSP_API_KEY and the model stores (HOME, OLLAMA_MODELS); null reads the process's.</summary>
    public Func<string, string?>? Environment { get; init; }

    /// <summary>How long a server with no model configured at 'initialized' waits for settings pushed after it
    /// (<see cref="Handlers.LateSettingsWait"/>) before it says so.</summary>
    public TimeSpan LateSettingsBound { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Times the server's own delays (the background prefill's debounce); null: the system clock. Tests pass a
    /// manual one, so they wait on conditions instead of time.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>The grammar-based detector; null shares the process-wide one (tests pass a fresh one).</summary>
    public SyntaxContextDetector? Syntax { get; init; }
}
