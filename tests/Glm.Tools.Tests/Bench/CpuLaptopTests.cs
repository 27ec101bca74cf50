using Glm.Lsp.Cli;
using Glm.Lsp.Protocol;
using Glm.Tools.Bench;
using Glm.Tools.Bench.Server;
using Glm.Tools.Cli;
using Microsoft.Extensions.Logging.Abstractions;

namespace Glm.Tools.Tests.Bench;

/// <summary>The pure parts of the CPU laptop section: its figures, its targets, its plan and its open wait.</summary>
public sealed class CpuLaptopTests
{
    private static TypingRequestRecord Record(int index, string action, string outcome, double latencyMs, int evaluated, int items = 1) =>
        new(index, action, index + 1, new Position(3, index), index * 100, latencyMs, items, index + 1,
            new RequestStatsParams("textDocument/inlineCompletion", "file:///a.md", index + 1, index + 1, new Position(3, index), outcome, items,
                1000, evaluated, evaluated, 8, 10, latencyMs, 5, 5, null));

    private static CpuLaptopSummary Typing(double p95Ms) => CpuLaptopSummary.Of(
    [
        Record(0, "move", "generated", 900, 1000),
        Record(1, "type", "generated", p95Ms, 2),
    ]);

    private static FirstSuggestion First(double ms) => new(60_000, EndedQuiet: false, ms, 1,
        new RequestStatsParams("textDocument/inlineCompletion", "file:///a.md", 1, 1, new Position(40, 10), "generated", 1, 1040, 16, 16, 8, 900, ms, 100, 800, null));

    [Fact]
    public void Summary_takes_latency_over_requests_that_ran_the_model_and_splits_evaluated_tokens_by_action()
    {
        var summary = CpuLaptopSummary.Of(
        [
            Record(0, "move", "generated", 4000, 900),
            Record(1, "type", "superseded", 5, 0, items: 0),
            Record(2, "type", "generated", 1000, 3),
            Record(3, "delete", "generated", 1200, 5),
            Record(4, "typeThrough", "typingThrough", 2, 0),
            Record(5, "accept", "generated", 800, 12),
            Record(6, "left", "generated", 1500, 40),
            Record(7, "left", "generated", 1400, 30),
            Record(8, "type", "failed", 9000, 0, items: 0),
        ]);

        Assert.Equal(9, summary.Requests);
        Assert.Equal(6, summary.Generated);
        Assert.Equal(7, summary.Answered);
        // Nearest rank over 800, 1000, 1200, 1400, 1500, 4000: the typed-through and failed answers do not count.
        Assert.Equal(1200, summary.MedianLatencyMs);
        Assert.Equal(4000, summary.P95LatencyMs);
        Assert.Equal(new EvaluatedTokenFigures(3, 5, 12), summary.Keystroke);
        Assert.Equal(new EvaluatedTokenFigures(1, 900, 900), summary.ParagraphMove);
        Assert.Equal(new EvaluatedTokenFigures(2, 30, 40), summary.MoveWithinParagraph);
    }

    [Fact]
    public void Summary_of_a_session_where_no_request_ran_the_model_has_no_latency()
    {
        var summary = CpuLaptopSummary.Of([Record(0, "type", "superseded", 5, 0, items: 0)]);
        Assert.True(double.IsNaN(summary.P95LatencyMs));
        Assert.Equal(0, summary.Keystroke.Requests);
    }

    [Fact]
    public void Targets_apply_to_the_28_layer_model_only()
    {
        Assert.Empty(CpuLaptopTargets.For(CpuLaptopSection.SectionName, 4, First(40_000), Typing(9000)));

        var targets = CpuLaptopTargets.For(CpuLaptopSection.SectionName, 28, First(5000), Typing(3100));
        Assert.Equal(["first suggestion after the document was open 60 s", "automatic suggestion latency while typing, p95"], targets.Select(t => t.Name));
        Assert.Equal([5.0, 3.1], targets.Select(t => t.Measured));
        Assert.Equal([5.0, 3.0], targets.Select(t => t.Target));
        Assert.Equal([true, false], targets.Select(t => t.Met));
        Assert.All(targets, t => Assert.Equal("s", t.Unit));
        Assert.StartsWith("before: 57 s; now 5.0 s (generated, 1 item(s); evaluated 16 of 1040 prompt tokens", targets[0].Detail, StringComparison.Ordinal);
        Assert.StartsWith("before: 3.9 s for the next suggestion with maxTokens 8", targets[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_without_a_model_run_misses_the_typing_target()
    {
        var noRun = CpuLaptopSummary.Of([Record(0, "type", "failed", 5, 0, items: 0)]);
        var typing = CpuLaptopTargets.For(CpuLaptopSection.SectionName, 28, First(1000), noRun)[1];
        Assert.False(typing.Met);
    }

    [Fact]
    public void Plan_scales_with_the_run_and_takes_the_open_wait_from_the_command_line()
    {
        BenchContext Context(bool quick, bool smoke = false, TimeSpan? openWait = null) =>
            new("m.gguf", quick, 1, "out", "glm-lsp", NullLogger.Instance, smoke) { OpenWait = openWait };

        Assert.Equal(new CpuLaptopPlan(48, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5)), CpuLaptopPlan.For(Context(quick: false)));
        Assert.Equal(new CpuLaptopPlan(12, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5)), CpuLaptopPlan.For(Context(quick: true)));
        Assert.Equal(TimeSpan.FromSeconds(90), CpuLaptopPlan.For(Context(quick: false, openWait: TimeSpan.FromSeconds(90))).OpenWait);
        Assert.Equal(TimeSpan.Zero, CpuLaptopPlan.For(Context(quick: true, openWait: TimeSpan.Zero)).OpenWait);
        Assert.Equal(new CpuLaptopPlan(4, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)), CpuLaptopPlan.For(Context(quick: true, smoke: true)));
    }

    [Fact]
    public void Script_starts_at_the_end_of_the_document_and_adds_moves_within_a_paragraph()
    {
        var script = CpuLaptopPlan.Script(12, 30);
        var typing = TypingScript.Create(12, 30);

        Assert.Equal(new TypingAction("move", Count: 29), script[0]);
        Assert.Equal(typing.Skip(1), script.Where(a => a.Kind != "left").Skip(1));
        Assert.Equal(3, script.Count(a => a == new TypingAction("left", Count: CpuLaptopPlan.MoveWithinParagraph)));
        Assert.Equal("left", script[4].Kind);
    }

    [Fact]
    public void Open_wait_option_takes_seconds_and_refuses_negative_ones()
    {
        Assert.Null(BenchCommand.OpenWait(null));
        Assert.Equal(TimeSpan.FromSeconds(7.5), BenchCommand.OpenWait(7.5));
        Assert.Equal(TimeSpan.Zero, BenchCommand.OpenWait(0));
        Assert.Throws<CommandLineException>(() => BenchCommand.OpenWait(-1));
        Assert.Throws<CommandLineException>(() => BenchCommand.OpenWait(double.NaN));
    }

    [Fact]
    public void Server_is_quiet_after_a_whole_window_without_a_busy_thread()
    {
        var quiet = new ServerQuiet(TimeSpan.FromSeconds(5));
        // The inference thread busy for four seconds (a prefill), then every thread asleep.
        for (var second = 0; second <= 4; second++)
        {
            quiet.Add(TimeSpan.FromSeconds(second), 1);
            Assert.False(quiet.IsQuiet);
        }

        for (var second = 5; second < 10; second++)
        {
            quiet.Add(TimeSpan.FromSeconds(second), 0);
            Assert.False(quiet.IsQuiet);
        }

        quiet.Add(TimeSpan.FromSeconds(10), 0);
        Assert.True(quiet.IsQuiet);
        // Work again: one busy sample starts the window over.
        quiet.Add(TimeSpan.FromSeconds(10.25), 2);
        Assert.False(quiet.IsQuiet);
        quiet.Add(TimeSpan.FromSeconds(14), 0);
        Assert.False(quiet.IsQuiet);
    }

    [Fact]
    public void Busy_threads_are_the_running_runnable_and_uninterruptible_ones()
    {
        string[] lines =
        [
            "100 (glm-lsp) S 1 100 100 0 -1 4194560 1000 0 0 0 10 5",
            "101 (.NET TP Worker) R 1 100 100 0 -1 4194560 10 0 0 0 1 0",
            "102 (inference (1)) R 1 100 100 0 -1 4194560 10 0 0 0 800 0",
            "103 (odd) S name) D 1 100 100 0 -1 4194560 10 0 0 0 1 0",
            "104 (.NET GC) S 1 100 100 0 -1 4194560 10 0 0 0 1 0",
            "",
        ];
        Assert.Equal(3, ProcessThreadStates.CountBusy(lines));
        Assert.Equal(0, ProcessThreadStates.CountBusy(["1 (sleeper) S 0", "2 (idle) I 0"]));
        Assert.Null(ProcessThreadStates.BusyThreads(int.MaxValue));
    }
}
