using Glm.Inference.Generation;
using Glm.Inference.Networking;

namespace Glm.Inference.Remote;

/// <summary>Where and how to reach an OpenAI-compatible server (vLLM, llama.cpp server, Ollama, a hosted API).</summary>
/// <remarks>A class rather than a record so that the generated <c>ToString</c> can never print the API key.</remarks>
public sealed class RemoteBackendOptions
{
    /// <summary>The environment variable read when no key is given.</summary>
    public const string ApiKeyEnvironmentVariable = "GLM_LSP_API_KEY";

    /// <summary>API base such as <c>http://gpu-box:8000/v1</c>; a URL without a path gets <c>/v1</c>.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The model name the server knows (for example <c>THUDM/glm-4-9b-chat</c> or <c>codegeex4</c>).</summary>
    public required string Model { get; init; }

    /// <summary>The key from the editor's secret storage; when null, <see cref="ApiKeyEnvironmentVariable"/> is read. Never logged.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Prompt formats to use; null guesses from <see cref="Model"/> (names with "codegeex" get CodeGeeX4's FIM format).</summary>
    public ModelProfile? Profile { get; init; }

    /// <summary>Allow plain <c>http://</c> to a host that is not this machine.</summary>
    public bool AllowInsecureRemote { get; init; }

    public CompletionsEndpointMode CompletionsEndpoint { get; init; } = CompletionsEndpointMode.Auto;

    /// <summary>Send llama.cpp server's <c>cache_prompt: true</c>. Null: only when the server is detected as llama.cpp.</summary>
    public bool? CachePrompt { get; init; }

    /// <summary>Retries of transient failures before the first token.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>First retry delay; each further retry doubles it (a Retry-After header wins).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A Retry-After longer than this is not waited for: the call fails at once with the wait in its message.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Time allowed until the response headers arrive (the server may queue the request).</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest silence allowed between two streamed events.</summary>
    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The context length reported in <see cref="ModelDescription"/> (servers do not tell it in a standard way).</summary>
    public int ContextLength { get; init; } = 8192;

    /// <summary>For exact token counts: a GGUF of the served model, or GLM-4's <c>tokenizer.model</c> (tiktoken format).
    /// Null uses a labelled estimate.</summary>
    public string? TokenizerPath { get; init; }

    public NetworkSettings Network { get; init; } = NetworkSettings.Default;

    /// <summary>The API key to send: the given one, else the environment variable.</summary>
    public string? ResolveApiKey(Func<string, string?>? environment = null) =>
        ApiKey is { Length: > 0 } ? ApiKey : (environment ?? Environment.GetEnvironmentVariable)(ApiKeyEnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;

    public override string ToString() =>
        $"RemoteBackendOptions {{ Endpoint = {Glm.Inference.Networking.DisplayUrl.Redact(Endpoint)}, Model = {Model}, ApiKey = {(ApiKey is null ? "(from environment)" : "(redacted)")} }}";
}
