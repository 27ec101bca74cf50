using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Glm.Inference.Gguf;
using Glm.Lsp.Settings;
using LLama.Native;

namespace Glm.Lsp.Cli;

/// <summary>
/// <c>glm-lsp doctor</c>: what a model is (from our own GGUF reader), what the native backend chose, and how fast this
/// machine runs it, what that allows a suggestion and which GLM size suits the machine — the first thing to ask for when
/// a user reports that suggestions are slow or missing.
/// </summary>
internal static class DoctorCommand
{
    /// <summary>About 130 tokens of ordinary English, used to time prompt evaluation.</summary>
    private const string TimingPrompt =
        "The quick brown fox jumps over the lazy dog while the committee reviews the quarterly report on documentation "
        + "quality, test coverage, release notes, onboarding guides and the long list of questions that new developers "
        + "ask in their first week. Everyone agrees that examples help more than rules, that short sentences beat long "
        + "ones, and that a page nobody can find does not exist.";

    /// <summary>The editor's default latency budget, which the speed advice assumes.</summary>
    private static readonly int DefaultLatencyBudgetMs = SettingsCatalog.Find("latencyBudgetMs")!.Default.GetValue<int>();

    public static Command Create(CommonOptions common)
    {
        var generated = new Option<int>("--tokens")
        {
            Description = "Tokens to generate for the speed measurement.",
            DefaultValueFactory = _ => 32,
        };
        var command = new Command("doctor", "Describe a GGUF model, the native backend, and measure load time and tokens per second.");
        common.AddModelOptionsTo(command);
        command.Options.Add(generated);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, common, async (loggerFactory, ct) =>
        {
            var modelPath = ModelChoice.Resolve(parseResult.GetValue(common.Model));
            var summary = GgufModelValidator.Validate(modelPath);
            var output = Console.Out;
            PrintSummary(output, summary);

            var options = common.EngineOptionsFor(parseResult, modelPath);
            var memory = new DoctorMemoryReport(loggerFactory.CreateLogger("engine"));
            memory.PrintEstimate(output, summary, options);

            var stopwatch = Stopwatch.StartNew();
            await using var engine = await memory.MeasureLoadAsync(output, () => LlamaEngine.LoadAsync(options, null, memory.Logger, ct));
            var loadTime = stopwatch.Elapsed;
            Line(output, "profile", $"{engine.Model.Profile} ({engine.Model.ProfileEvidence})");
            Line(output, "fill-in-the-middle", engine.Model.SupportsFillInTheMiddle ? "yes (CodeGeeX4 infilling prompt)" : "no");
            Line(output, "backend", engine.Model.Backend);
            Line(output, "cpu features", CpuFeatures());
            Line(output, "load time", $"{loadTime.TotalMilliseconds:F0} ms");

            // The first decode of a fresh context is a warm-up (buffers, repacking): time only the second request.
            await RunAsync(engine, new RawPrompt("Hello"), 2, ct);
            var stats = await RunAsync(engine, new RawPrompt(TimingPrompt), Math.Max(1, parseResult.GetValue(generated)), ct);
            Line(output, "prompt", $"{stats.EvaluatedPromptTokens} tokens at {stats.PromptTokensPerSecond:F1} tok/s");
            Line(output, "generation", $"{stats.GeneratedTokens} tokens at {stats.GenerationTokensPerSecond:F1} tok/s (stop: {stats.StopReason})");
            // The engine's own measurement spans every request so far; the probe's timing stands in when it has none.
            var (speeds, source) = ((ITextGenerator)engine).Speeds is { } measured
                ? (measured, "the engine's measurement")
                : (new MeasuredSpeeds(stats.PromptTokensPerSecond, stats.GenerationTokensPerSecond), "this probe");
            DoctorSpeedReport.Print(output, speeds, source, summary.File.FileLength, TimeSpan.FromMilliseconds(DefaultLatencyBudgetMs));
            return 0;
        }, cancellationToken));
        return command;
    }

    private static void PrintSummary(TextWriter output, GgufModelSummary summary)
    {
        var hp = summary.HyperParameters;
        Line(output, "file", $"{summary.File.FilePath} ({summary.File.FileLength / (1024.0 * 1024.0):F1} MiB, GGUF v{summary.File.Version})");
        Line(output, "name", summary.Name ?? "(none)");
        Line(output, "architecture", summary.Architecture);
        Line(output, "parameters", FormatCount(summary.ParameterCount));
        Line(output, "quantization", summary.DominantTensorType.ToString());
        Line(output, "layers", hp.BlockCount.ToString(CultureInfo.InvariantCulture));
        Line(output, "embedding", $"{hp.EmbeddingLength} ({hp.HeadCount} heads, {hp.HeadCountKv} KV heads), FFN {hp.FeedForwardLength}");
        Line(output, "vocabulary", $"{hp.VocabularySize} tokens ({summary.TokenizerModel}, pre-tokenizer {summary.TokenizerPre ?? "default"})");
        Line(output, "context length", hp.ContextLength.ToString(CultureInfo.InvariantCulture));
        Line(output, "chat template", summary.File.TryGetString("tokenizer.chat_template", out var template)
            ? $"yes ({template.Length} characters)"
            : "none (llama.cpp's built-in chatglm format is used)");
    }

    private static async Task<GenerationStats> RunAsync(LlamaEngine engine, Prompt prompt, int maxTokens, CancellationToken cancellationToken)
    {
        GenerationStats? stats = null;
        await foreach (var chunk in engine.GenerateAsync(new GenerationRequest(prompt, new GenerationOptions { MaxTokens = maxTokens }), cancellationToken))
        {
            stats ??= chunk.Completed;
        }

        return stats ?? throw new InvalidOperationException("the generation ended without statistics");
    }

    private static string CpuFeatures()
    {
        var info = Marshal.PtrToStringAnsi(NativeApi.llama_print_system_info()) ?? string.Empty;
        var enabled = info.Split('|', StringSplitOptions.TrimEntries)
            .Where(part => part.EndsWith("= 1", StringComparison.Ordinal))
            // llama.cpp prefixes the first feature with its device ("CPU : SSE3 = 1").
            .Select(part => part[..^3].Trim())
            .Select(part => part.Contains(" : ", StringComparison.Ordinal) ? part[(part.IndexOf(" : ", StringComparison.Ordinal) + 3)..] : part);
        return string.Join(' ', enabled);
    }

    private static string FormatCount(long count) => count switch
    {
        >= 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{count / 1e9:F2} B"),
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{count / 1e6:F1} M"),
        _ => count.ToString("N0", CultureInfo.InvariantCulture),
    };

    private static void Line(TextWriter output, string label, string value) => output.WriteLine($"{label,-20} {value}");
}
