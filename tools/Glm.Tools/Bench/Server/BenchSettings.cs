using System.Text.Json.Nodes;

namespace Glm.Tools.Bench.Server;

/// <summary>The settings the server-path sections give the server (initializationOptions and pushed changes).</summary>
internal static class BenchSettings
{
    public static JsonObject Create(BenchContext context, int maxTokens, int promptTokenBudget, int contextSize, string logLevel = "warning") => new()
    {
        ["threads"] = context.Threads,
        ["contextSize"] = contextSize,
        ["slots"] = 1,
        ["maxTokens"] = maxTokens,
        ["temperature"] = 0,
        ["completionMode"] = "automatic",
        ["promptTokenBudget"] = promptTokenBudget,
        ["logLevel"] = logLevel,
    };

    /// <summary>The same settings with another maxTokens: pushed settings replace all of them, so all are sent.</summary>
    public static JsonObject WithMaxTokens(JsonObject settings, int maxTokens)
    {
        var copy = (JsonObject)settings.DeepClone();
        copy["maxTokens"] = maxTokens;
        return copy;
    }

    /// <summary>JSON for a figure that may be missing (NaN: no sample).</summary>
    public static JsonNode? Number(double value) => double.IsNaN(value) || double.IsInfinity(value) ? null : JsonValue.Create(Math.Round(value, 3));

    public static string Ms(double value) => double.IsNaN(value) ? "n/a" : FormattableString.Invariant($"{value:F1} ms");
}
