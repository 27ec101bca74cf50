using System.Diagnostics;
using System.Text.Json.Nodes;
using Glm.Hardening.Tests.Infrastructure;
using Glm.TestModels;
using Xunit.Abstractions;

namespace Glm.Hardening.Tests.Load;

/// <summary>
/// Fast typing in several documents at once against the real server and model: every keystroke is a didChange and an
/// automatic inline completion request, and the previous request of that document is cancelled, as VS Code does.
/// Every request must be answered (a result or RequestCancelled), and resident memory must stay flat after warm-up.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class TypingLoadTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(HardeningScale.Pick(bounded: 45, longForm: 3600));
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(HardeningScale.Pick(bounded: 15, longForm: 120));
    private const int Documents = 3;

    [Fact]
    public async Task An_interval_of_fast_typing_in_three_documents_answers_every_request_and_keeps_memory_flat()
    {
        await using var server = await ServerProcess.StartReadyAsync(TestModelFiles.Predictable());
        var texts = new string[Documents];
        var pending = new List<Task<JsonObject>>();
        var last = new long[Documents];
        for (var doc = 0; doc < Documents; doc++)
        {
            texts[doc] = "The quick brown fox ";
            await server.NotifyAsync("textDocument/didOpen", JsonNode.Parse($$$"""{"textDocument":{"uri":"file:///load/{{{doc}}}.md","languageId":"markdown","version":0,"text":"{{{texts[doc]}}}"}}"""));
        }

        var samples = new List<(double Minutes, double Megabytes)>();
        var clock = Stopwatch.StartNew();
        var nextSample = TimeSpan.Zero;
        var keystrokes = 0;
        var typed = "jumps over the lazy dog and keeps on running through the field ";
        while (clock.Elapsed < Duration)
        {
            var doc = keystrokes % Documents;
            var character = typed[keystrokes / Documents % typed.Length];
            var position = texts[doc].Length;
            texts[doc] += character;
            await server.NotifyAsync("textDocument/didChange", JsonNode.Parse($$$"""{"textDocument":{"uri":"file:///load/{{{doc}}}.md","version":{{{keystrokes + 1}}}},"contentChanges":[{"range":{"start":{"line":0,"character":{{{position}}}},"end":{"line":0,"character":{{{position}}}}},"text":"{{{character}}}"}]}"""));
            if (last[doc] != 0)
            {
                await server.NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = last[doc] });
            }

            var id = server.NewId();
            pending.Add(server.ExpectResponse(id));
            await server.SendAsync(JsonNode.Parse($$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"method":"textDocument/inlineCompletion","params":{"textDocument":{"uri":"file:///load/{{{{doc}}}}.md"},"position":{"line":0,"character":{{{{position + 1}}}}},"context":{"triggerKind":2}}}""")!);
            last[doc] = id;
            keystrokes++;
            if (clock.Elapsed >= nextSample)
            {
                samples.Add((clock.Elapsed.TotalMinutes, server.ResidentMegabytes()));
                nextSample += TimeSpan.FromSeconds(1);
            }

            // About 600 keystrokes a minute over all documents: a fast typist in each of three editors.
            await Task.Delay(100);
        }

        var answers = await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(60));
        var cancelled = answers.Count(a => a["error"]?["code"]?.GetValue<int>() == -32800);
        var failed = answers.Where(a => a["error"] is not null && a["error"]!["code"]!.GetValue<int>() != -32800).ToList();
        var steady = samples.Where(s => s.Minutes >= WarmUp.TotalMinutes).ToList();
        var slope = Slope(steady);
        output.WriteLine(
            $"{keystrokes} keystrokes ({keystrokes / clock.Elapsed.TotalMinutes:F0}/min) in {Documents} documents over {clock.Elapsed.TotalSeconds:F0} s: " +
            $"{answers.Length} requests answered, {cancelled} cancelled, {failed.Count} failed; RSS {steady.First().Megabytes:F0} → {steady.Last().Megabytes:F0} MB after warm-up, slope {slope:F2} MB/min");

        Assert.Empty(failed);
        Assert.Equal(keystrokes, answers.Length);
        Assert.False(server.HasExited);
        Assert.True(steady.Last().Megabytes - steady.First().Megabytes < 150, $"resident memory grew from {steady.First().Megabytes:F0} to {steady.Last().Megabytes:F0} MB");
        var status = await server.RequestAsync("glm/getStatus", new JsonObject(), TimeSpan.FromSeconds(30));
        Assert.Contains(status["result"]?["state"]?.GetValue<string>(), new[] { "ready", "generating" });

        // KV-slot accounting: after the last answer the engine must drain (cancelled jobs end at their next decode
        // step) and hold no slot; a job stuck in the queue or a slot never released would show here.
        var engine = await EngineStateWhenIdleAsync(server, TimeSpan.FromSeconds(10));
        output.WriteLine($"engine after the load: {engine.ToJsonString()}");
        Assert.Equal(0, engine["queuedRequests"]!.GetValue<int>());
        Assert.False(engine["requestRunning"]!.GetValue<bool>());
        Assert.All(engine["slots"]!.AsArray(), slot => Assert.False(slot!["busy"]!.GetValue<bool>()));
        Assert.NotEmpty(engine["slots"]!.AsArray());
    }

    private static async Task<JsonNode> EngineStateWhenIdleAsync(ServerProcess server, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var state = (await server.RequestAsync("glm/debug/engineState", null, TimeSpan.FromSeconds(30)))["result"]!;
            if ((state["queuedRequests"]!.GetValue<int>() == 0 && !state["requestRunning"]!.GetValue<bool>()) || clock.Elapsed > timeout)
            {
                return state;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Least-squares slope of memory over time, in MB per minute.</summary>
    private static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var numerator = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        var denominator = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return denominator == 0 ? 0 : numerator / denominator;
    }
}
