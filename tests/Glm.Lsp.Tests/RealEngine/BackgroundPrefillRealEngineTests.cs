using System.Text;
using System.Text.Json;
using Glm.Inference.Generation;
using Glm.Inference.Gguf;
using Glm.Lsp.Server;
using Glm.TestModels;

namespace Glm.Lsp.Tests.RealEngine;

/// <summary>
/// The background prefill through the whole stack: a long Markdown document is opened, the server prefills the prompt
/// of a suggestion at its end on the real engine, and that suggestion then evaluates one prompt token instead of all of
/// them. The model's corpus is a run of distinct three-letter words, one token each, so the document is hundreds of
/// prompt tokens and the model's continuation of any run of them is known exactly.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class BackgroundPrefillRealEngineTests
{
    private const string Md = "file:///notes/long.md";
    private const int CorpusWords = 1500;
    private const int DocumentWords = 400;
    private const int MaxTokens = 8;

    /// <summary>[gMASK]&lt;sop&gt; and one token per word.</summary>
    private const int PromptTokens = DocumentWords + 2;

    private static readonly Lazy<string> LongModel = new(() => TestModelFiles.Predictable(
        "[gMASK]<sop>" + Words(0, CorpusWords), new PredictableModelOptions { MatrixType = GgmlType.F16 }));

    private static readonly string Document = Words(0, DocumentWords);

    [Fact]
    public async Task AfterThePrefillOfAnOpenedDocument_ASuggestionAtItsEndEvaluatesOnlyItsLastPromptToken()
    {
        await using var real = await StartAsync(backgroundPrefill: true);
        await real.OpenAsync(Md, "markdown", Document);
        await WaitUntilAsync(() => real.Session.Server.Prefill.Finished == 1);

        Assert.Equal(new PrefillResult(PromptTokens, PromptTokens, PromptTokens, Preempted: false), real.Session.Server.Prefill.LastResult);
        var engine = real.Session.Server.Models.EngineStatistics!;
        Assert.Equal((1, 0, PromptTokens), (engine.Prefills, engine.PrefillsPreempted, engine.PrefillEvaluatedTokens));

        var (answer, stats) = await SuggestAtTheEndAsync(real);
        Assert.Equal(ExpectedAnswer, answer);
        Assert.Equal((PromptTokens, 1), (stats.GetProperty("promptTokens").GetInt32(), stats.GetProperty("evaluatedPromptTokens").GetInt32()));
    }

    [Fact]
    public async Task WithoutThePrefill_TheSameSuggestionEvaluatesTheWholePrompt()
    {
        await using var real = await StartAsync(backgroundPrefill: false);
        await real.OpenAsync(Md, "markdown", Document);

        var (answer, stats) = await SuggestAtTheEndAsync(real);
        Assert.Equal(ExpectedAnswer, answer);
        Assert.Equal((PromptTokens, PromptTokens), (stats.GetProperty("promptTokens").GetInt32(), stats.GetProperty("evaluatedPromptTokens").GetInt32()));
        Assert.Equal(0, real.Session.Server.Models.EngineStatistics!.Prefills);
    }

    private static string ExpectedAnswer =>
        "{\"items\":[{\"insertText\":\"" + Words(DocumentWords, MaxTokens) + "\",\"range\":{\"start\":{\"line\":0,\"character\":" + Document.Length
        + "},\"end\":{\"line\":0,\"character\":" + Document.Length + "}}}]}";

    /// <summary>No latency budget: this test is about what is cached, not what fits a budget.</summary>
    private static Task<RealEngineSession> StartAsync(bool backgroundPrefill) =>
        RealEngineSession.StartAsync(
            modelPath: LongModel.Value,
            switches: new DiagnosticSwitches(RequestStats: true),
            initializationOptions: "{\"backgroundPrefill\":" + (backgroundPrefill ? "true" : "false") + ",\"maxTokens\":" + MaxTokens + ",\"latencyBudgetMs\":0}");

    private static async Task<(string Answer, JsonElement Stats)> SuggestAtTheEndAsync(RealEngineSession real)
    {
        var answer = await real.Session.RequestAsync(
            "textDocument/inlineCompletion",
            "{\"textDocument\":{\"uri\":\"" + Md + "\"},\"position\":{\"line\":0,\"character\":" + Document.Length + "},\"context\":{\"triggerKind\":2}}");
        var stats = await real.Session.Client.WaitForAsync(m => m.Method == "glm/requestStats");
        return (answer, JsonDocument.Parse(stats.Params).RootElement.Clone());
    }

    /// <summary>A prefill of a few hundred tokens on one thread of a loaded machine can take a while; a minute is plenty.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The prefill did not finish within a minute.");
            await Task.Delay(20);
        }
    }

    /// <summary>Words <paramref name="start"/> .. start+count−1 of the corpus, each with its leading space (the engine tests' long corpus).</summary>
    private static string Words(int start, int count)
    {
        var text = new StringBuilder();
        for (var i = start; i < start + count; i++)
        {
            text.Append(' ').Append((char)('b' + (i / 676))).Append((char)('a' + (i / 26 % 26))).Append((char)('a' + (i % 26)));
        }

        return text.ToString();
    }
}
