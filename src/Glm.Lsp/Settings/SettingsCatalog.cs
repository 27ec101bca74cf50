using System.Text.Json;
using System.Text.Json.Nodes;
using Glm.Inference.Engine;

namespace Glm.Lsp.Settings;

/// <summary>
/// Every setting of the server, declared once. Defaults, the JSON schema sent to clients (<c>glm/settingsSchema</c>)
/// and the parsing of incoming settings are all derived from this table, so they cannot drift apart.
/// </summary>
public static class SettingsCatalog
{
    /// <summary>The section name clients use: "glm" in workspace/configuration, "glm.modelPath" in VS Code.</summary>
    public const string Section = "glm";

    /// <summary>The scope of settings that decide where text, the API key and TLS trust go: user settings only.</summary>
    public const string UserOnly = "application";

    public static IReadOnlyList<SettingDeclaration> All { get; } =
    [
        Text("modelPath", "", "Path to a GLM GGUF model file (ChatGLM3-6B, GLM-4-9B or CodeGeeX4). Empty: no model is loaded.",
            (s, v) => s with { ModelPath = v }),
        IntegerOrKeyword("gpuLayers", "auto", 0, "Model layers offloaded to the GPU. auto: every layer when the server runs on a GPU backend (the CUDA build), none on the CPU backend. A number sets the count (the output layer counts as one); 0 runs on the CPU only.",
            (s, v) => s with { GpuLayers = v }),
        Integer("contextSize", EngineOptions.DefaultContextSize, 256, "Tokens of model context in all, shared equally by the slots; each request's prompt plus generated text must fit in its slot's share.",
            (s, v) => s with { ContextSize = v }),
        Integer("threads", 0, 0, "CPU threads used for inference. 0 lets the engine choose.",
            (s, v) => s with { Threads = v }),
        Integer("slots", EngineOptions.DefaultSlots, 1, "Parallel model contexts; each keeps its own KV cache so alternating documents stay fast.",
            (s, v) => s with { Slots = v }),
        Boolean("useMemoryMap", false, "Map the model file into memory instead of reading it. Off by default: on CPU llama.cpp repacks the weights into private memory anyway, so the mapping only added the file's pages on top (measured: 1,370 MB against 867 MB resident for a 761 MB Q4_0 model), and a mapped file truncated or overwritten in place under a running generation ends the server (SIGBUS). Turn it on for a faster start, or to share the pages of a weight type that is not repacked between several servers.",
            (s, v) => s with { UseMemoryMap = v }),
        Number("temperature", 0.0, 0.0, "Sampling temperature. 0 is greedy and deterministic.",
            (s, v) => s with { Temperature = v }),
        Boolean("speculativeDecoding", true, "Greedy generations (temperature 0) guess upcoming tokens from the prompt and the text so far and let the model check several in one step: the output is the same, rewrites and translations that copy their input come faster. Applies to the local model only.",
            (s, v) => s with { SpeculativeDecoding = v }),
        Integer("maxTokens", 64, 1, "Maximum tokens generated for one inline completion.",
            (s, v) => s with { MaxTokens = v }),
        Choice("completionMode", "automatic", ["off", "automatic", "invoked"],
            "When inline completions are offered: never, while typing, or only when asked for explicitly.",
            (s, v) => s with { CompletionMode = Enum.Parse<CompletionMode>(v, ignoreCase: true) }),
        TextList("completionLanguages", ["*"],
            "Language ids where inline completion is active; \"*\" means all. In code files completion only runs inside comments and docstrings.",
            (s, v) => s with { CompletionLanguages = v }),
        TextList("translationLanguages", ["*"],
            "Language ids where comment translation (hover and code actions) is active; \"*\" means all.",
            (s, v) => s with { TranslationLanguages = v }),
        Choice("translationTarget", "auto", ["auto", "english", "chinese"],
            "Target language of translations. auto: Chinese text becomes English, anything else becomes Chinese.",
            (s, v) => s with { TranslationTarget = v }),
        Integer("promptTokenBudget", 1024, 64, "Maximum tokens of document text (before and after the cursor) put into a completion prompt.",
            (s, v) => s with { PromptTokenBudget = v }),
        Integer("latencyBudgetMs", 2000, 0, "Longest time an automatic inline suggestion should take on the local model: from its measured speeds the engine evaluates only the new prompt tokens that fit and generates only what fits (a single line when little does). Suggestions asked for explicitly may take longer. 0: no budget.",
            (s, v) => s with { LatencyBudgetMs = v }),
        Boolean("backgroundPrefill", true, "While a document is open and the model is idle, evaluate the prompt the next suggestion there will most likely need, so the first suggestion does not wait for the whole prompt. Any request preempts it. Applies to the local model only.",
            (s, v) => s with { BackgroundPrefill = v }),
        Integer("hoverTimeBudgetMs", 1500, 0, "Longest time a hover waits for a translation before answering that it is still being made.",
            (s, v) => s with { HoverTimeBudgetMs = v }),
        Text("remote.endpoint", "", "API base of an OpenAI-compatible server (vLLM, llama.cpp server, Ollama, a hosted API), such as https://gpu-box:8000/v1. Empty: the local model of glm.modelPath. The API key comes from the GLM_LSP_API_KEY environment variable or the editor's secret storage, never from a setting.",
            (s, v) => s with { RemoteEndpoint = v.Trim() }) with { Scope = UserOnly },
        Text("remote.model", "", "Model name the remote server knows, such as glm-4-9b-chat or codegeex4. Required when glm.remote.endpoint is set.",
            (s, v) => s with { RemoteModel = v.Trim() }) with { Scope = UserOnly },
        Boolean("remote.allowInsecureHttp", false, "Allow plain http:// to a remote endpoint that is not this machine. Off: such endpoints are refused, because the API key and your text would cross the network unencrypted.",
            (s, v) => s with { RemoteAllowInsecureHttp = v }) with { Scope = UserOnly },
        Text("network.proxy", "", "Proxy for the remote endpoint, such as http://proxy.corp:3128. Empty: HTTPS_PROXY, HTTP_PROXY and NO_PROXY from the environment. Loopback addresses never use a proxy.",
            (s, v) => s with { NetworkProxy = v.Trim() }) with { Scope = UserOnly },
        Text("network.caCertificates", "", "PEM file with extra CA certificates (a corporate TLS-inspection root) trusted for the remote endpoint besides the system store.",
            (s, v) => s with { NetworkCaCertificates = v.Trim() }) with { Scope = UserOnly },
        TextList("modelDirectories", [], "Folders searched for GGUF models (besides glm-lsp's cache, Ollama's and LM Studio's stores) when the editor lists models (glm/models).",
            (s, v) => s with { ModelDirectories = v }),
        Choice("logLevel", "information", ["trace", "debug", "information", "warning", "error"],
            "Level of the server log, written to stderr (the editor's output panel).",
            (s, v) => s with { LogLevel = v }),
    ];

    /// <summary>All settings at their declared defaults.</summary>
    public static GlmSettings Defaults { get; } = BuildDefaults();

    public static SettingDeclaration? Find(string key) => All.FirstOrDefault(d => d.Key == key);

    private static GlmSettings BuildDefaults()
    {
        var settings = new GlmSettings();
        foreach (var declaration in All)
        {
            using var document = JsonDocument.Parse(declaration.Default.ToJsonString());
            settings = declaration.Apply(settings, document.RootElement);
        }

        return settings;
    }

    private static SettingDeclaration Text(string key, string @default, string description, Func<GlmSettings, string, GlmSettings> apply) =>
        new(key, "string", JsonValue.Create(@default), description, (s, e) => apply(s, ReadString(key, e)));

    private static SettingDeclaration Choice(string key, string @default, string[] values, string description, Func<GlmSettings, string, GlmSettings> apply) =>
        new(key, "string", JsonValue.Create(@default), description, (s, e) =>
        {
            var value = ReadString(key, e);
            var match = values.FirstOrDefault(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase))
                ?? throw new SettingValueException($"glm.{key} must be one of {string.Join(", ", values)}; got \"{value}\".");
            return apply(s, match);
        })
        { EnumValues = values };

    private static SettingDeclaration Integer(string key, int @default, int minimum, string description, Func<GlmSettings, int, GlmSettings> apply) =>
        new(key, "integer", JsonValue.Create(@default), description, (s, e) =>
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var value) || value < minimum)
            {
                throw new SettingValueException($"glm.{key} must be an integer of at least {minimum}; got {e.GetRawText()}.");
            }

            return apply(s, value);
        })
        { Minimum = minimum };

    /// <summary>An integer setting that also takes one word, which applies as null (gpuLayers: "auto").</summary>
    private static SettingDeclaration IntegerOrKeyword(string key, string keyword, int minimum, string description, Func<GlmSettings, int?, GlmSettings> apply) =>
        new(key, "integer", JsonValue.Create(keyword), description, (s, e) =>
        {
            if (e.ValueKind == JsonValueKind.String && string.Equals(e.GetString(), keyword, StringComparison.Ordinal))
            {
                return apply(s, null);
            }

            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var value) || value < minimum)
            {
                throw new SettingValueException($"glm.{key} must be \"{keyword}\" or an integer of at least {minimum}; got {e.GetRawText()}.");
            }

            return apply(s, value);
        })
        { Keyword = keyword, Minimum = minimum };

    private static SettingDeclaration Number(string key, double @default, double minimum, string description, Func<GlmSettings, double, GlmSettings> apply) =>
        new(key, "number", JsonValue.Create(@default), description, (s, e) =>
        {
            if (e.ValueKind != JsonValueKind.Number || e.GetDouble() < minimum)
            {
                throw new SettingValueException($"glm.{key} must be a number of at least {minimum}; got {e.GetRawText()}.");
            }

            return apply(s, e.GetDouble());
        })
        { Minimum = minimum };

    private static SettingDeclaration Boolean(string key, bool @default, string description, Func<GlmSettings, bool, GlmSettings> apply) =>
        new(key, "boolean", JsonValue.Create(@default), description, (s, e) => e.ValueKind switch
        {
            JsonValueKind.True => apply(s, true),
            JsonValueKind.False => apply(s, false),
            _ => throw new SettingValueException($"glm.{key} must be true or false; got {e.GetRawText()}."),
        });

    private static SettingDeclaration TextList(string key, string[] @default, string description, Func<GlmSettings, IReadOnlyList<string>, GlmSettings> apply) =>
        new(key, "array", new JsonArray([.. @default.Select(v => JsonValue.Create(v))]), description, (s, e) =>
        {
            if (e.ValueKind != JsonValueKind.Array || e.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
            {
                throw new SettingValueException($"glm.{key} must be an array of strings; got {e.GetRawText()}.");
            }

            return apply(s, [.. e.EnumerateArray().Select(item => item.GetString()!)]);
        });

    private static string ReadString(string key, JsonElement element) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new SettingValueException($"glm.{key} must be a string; got {element.GetRawText()}.");
}
