namespace Glm.Lsp.Settings;

/// <summary>The server's settings as typed values. Defaults come from <see cref="SettingsCatalog"/>, never from here,
/// so the declaration table stays the single place where a setting is described.</summary>
public sealed record GlmSettings
{
    public string ModelPath { get; init; } = "";
    /// <summary>Null is "auto" (every layer on a GPU backend, none on the CPU one).</summary>
    public int? GpuLayers { get; init; }
    public int ContextSize { get; init; }
    public int Threads { get; init; }
    public int Slots { get; init; }
    public bool UseMemoryMap { get; init; }
    public double Temperature { get; init; }
    public int MaxTokens { get; init; }
    public bool SpeculativeDecoding { get; init; }
    public CompletionMode CompletionMode { get; init; }
    public IReadOnlyList<string> CompletionLanguages { get; init; } = [];
    public IReadOnlyList<string> TranslationLanguages { get; init; } = [];
    public string TranslationTarget { get; init; } = "";
    public int PromptTokenBudget { get; init; }
    public int LatencyBudgetMs { get; init; }
    public bool BackgroundPrefill { get; init; }
    public int HoverTimeBudgetMs { get; init; }
    public string LogLevel { get; init; } = "";
    public string RemoteEndpoint { get; init; } = "";
    public string RemoteModel { get; init; } = "";
    public bool RemoteAllowInsecureHttp { get; init; }
    public string NetworkProxy { get; init; } = "";
    public string NetworkCaCertificates { get; init; } = "";
    public IReadOnlyList<string> ModelDirectories { get; init; } = [];

    /// <summary>The part that decides which model is loaded and how; a change here means a reload.</summary>
    public ModelSettings Model => new(ModelPath, GpuLayers, ContextSize, Threads, Slots)
    {
        UseMemoryMap = UseMemoryMap,
        Remote = RemoteEndpoint.Length == 0
            ? null
            : new RemoteModelSettings(RemoteEndpoint, RemoteModel, RemoteAllowInsecureHttp, NetworkProxy, NetworkCaCertificates),
    };

    /// <summary>True when <paramref name="languageId"/> is listed or the list holds "*".</summary>
    public static bool IsListed(IReadOnlyList<string> languages, string languageId) =>
        languages.Contains("*") || languages.Contains(languageId, StringComparer.OrdinalIgnoreCase);
}

/// <summary>When inline completions are offered.</summary>
public enum CompletionMode
{
    Off,
    Automatic,
    Invoked,
}
