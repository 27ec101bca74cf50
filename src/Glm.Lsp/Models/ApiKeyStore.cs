using Glm.Inference.Remote;

namespace Glm.Lsp.Models;

/// <summary>
/// The API key for the remote engine: the one the editor sent with glm/setApiKey (from its secret storage), else the
/// GLM_LSP_API_KEY environment variable. Held in memory only, never written to a setting, a log or an error message.
/// </summary>
public sealed class ApiKeyStore(Func<string, string?>? environment = null)
{
    private readonly Func<string, string?> environment = environment ?? Environment.GetEnvironmentVariable;
    private readonly Lock gate = new();
    private string? fromEditor;

    /// <summary>Counts the keys set by the editor, so a new key reconnects an otherwise unchanged remote configuration.</summary>
    public int Version { get; private set; }

    /// <summary>Stores the editor's key (null or empty forgets it, so the environment variable applies again).</summary>
    public void Set(string? apiKey)
    {
        lock (gate)
        {
            fromEditor = string.IsNullOrEmpty(apiKey) ? null : apiKey;
            Version++;
        }
    }

    /// <summary>The key to send: the editor's, else the environment's, else null (no Authorization header).</summary>
    public string? Resolve()
    {
        lock (gate)
        {
            return fromEditor ?? (environment(RemoteBackendOptions.ApiKeyEnvironmentVariable) is { Length: > 0 } key ? key : null);
        }
    }

    public override string ToString() => "ApiKeyStore (redacted)";
}
