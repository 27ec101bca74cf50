using Glm.Lsp.Completion;
using Glm.Lsp.Protocol;
using Glm.Tools.Bench.Server;

namespace Glm.Tools.Tests.Bench;

/// <summary>The arithmetic and parsing behind the server-path benchmark figures.</summary>
public sealed class BenchFiguresTests
{
    [Fact]
    public void Percentiles_use_the_nearest_rank()
    {
        double[] values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
        Assert.Equal(5, Percentiles.Median(values));
        Assert.Equal(10, Percentiles.P95(values));
        Assert.Equal(1, Percentiles.Of(values, 1));
        Assert.Equal(9, Percentiles.Of(values, 90));
        Assert.Equal(2, Percentiles.Median([3, 2, 1]) - 0);
        Assert.True(double.IsNaN(Percentiles.Median([])));
    }

    [Fact]
    public void Process_memory_reads_status_and_the_model_mappings_of_smaps()
    {
        const string status = "Name:\tglm-lsp\nVmRSS:\t  300000 kB\nRssAnon:\t  120000 kB\nRssFile:\t  180000 kB\nRssShmem:\t       0 kB\n";
        const string smaps = """
            7f0000000000-7f0010000000 r--s 00000000 08:01 1234                       /models/m.gguf
            Size:             262144 kB
            Rss:              150000 kB
            7f0010000000-7f0010100000 r-xp 00000000 08:01 99                         /usr/lib/libllama.so
            Rss:                1000 kB
            7f0010100000-7f0010200000 rw-p 00000000 00:00 0
            Rss:                 500 kB
            7f0020000000-7f0030000000 r--s 10000000 08:01 1234                       /models/m.gguf
            Rss:               20000 kB
            """;
        var memory = ProcessMemory.Parse(status, smaps, "/models/m.gguf");
        Assert.Equal(new ProcessMemory(300000L * 1024, 120000L * 1024, 180000L * 1024, 170000L * 1024), memory);
    }

    [Fact]
    public void Llama_buffer_sizes_are_read_from_the_server_log()
    {
        string[] log =
        [
            "dbug: Glm.Inference.Engine[0] llama.cpp: load_tensors:   CPU_REPACK model buffer size =   100.50 MiB",
            "dbug: Glm.Inference.Engine[0] llama.cpp: load_tensors:   CPU_Mapped model buffer size =   200.00 MiB",
            "dbug: Glm.Inference.Engine[0] llama.cpp: load_tensors:          CPU model buffer size =    10.00 MiB",
            "dbug: Glm.Inference.Engine[0] llama.cpp: llama_kv_cache:        CPU KV buffer size =    56.00 MiB",
            "dbug: Glm.Inference.Engine[0] llama.cpp: llama_context:        CPU  output buffer size =     0.25 MiB",
            "dbug: Glm.Inference.Engine[0] llama.cpp: llama_context:        CPU compute buffer size =   300.00 MiB",
            "info: something else",
        ];
        Assert.Equal(new LlamaBufferSizes(105381888, 209715200, 58720256, 314572800, 262144, ReadModel: 10485760), LlamaBufferSizes.Parse(log));
    }

    [Fact]
    public void Typing_summary_counts_stale_answers_and_the_excess_over_changed_tokens()
    {
        TypingRequestRecord Record(int index, string outcome, int version, int newest, int items, int evaluated, int changed, double? ttft, int clientNewest) =>
            new(index, "type", version, new Position(0, index), index * 100, 50 + index, items, clientNewest,
                new RequestStatsParams("textDocument/inlineCompletion", "file:///a.md", version, newest, new Position(0, index), outcome, items,
                    1000, evaluated, changed, 5, ttft, 60, 10, 20, null));
        var summary = TypingSummary.Of(
        [
            Record(0, "generated", 1, 1, 1, 900, 900, 400, 1),
            Record(1, "superseded", 2, 3, 0, 0, 0, null, 3),
            Record(2, "generated", 3, 3, 1, 3, 2, 30, 4),
            Record(3, "generated", 4, 5, 1, 4, 1, 20, 5),
            Record(4, "typingThrough", 5, 5, 1, 0, 0, null, 5),
        ]);

        Assert.Equal(5, summary.Requests);
        Assert.Equal(3, summary.Generated);
        Assert.Equal(4, summary.MedianEvaluatedTokens);
        Assert.Equal(2, summary.MedianChangedTokens);
        Assert.Equal(1, summary.MedianExcessTokens);
        Assert.Equal(30, summary.MedianTimeToFirstTokenMs);
        Assert.Equal(1, summary.StaleAnswers);
        Assert.Equal(2, summary.AnswersOvertakenInFlight);
        Assert.Equal(new Dictionary<string, int> { ["generated"] = 3, ["superseded"] = 1, ["typingThrough"] = 1 }, summary.Outcomes);
    }

    [Fact]
    public void The_anchored_prompt_window_keeps_its_start_while_the_user_types()
    {
        // One token per character: the budget is a character count.
        static int Count(string text) => text.Length;
        var text = string.Join(' ', Enumerable.Range(0, 200).Select(i => $"w{i:D3}"));
        var first = PromptWindow.TakeEndAnchored(text, 400, Count);
        var typed = PromptWindow.TakeEndAnchored(text + " abc", 400, Count);

        Assert.True(first.Length <= 400);
        Assert.StartsWith("w", first);
        Assert.Equal(first + " abc", typed);
        // The tightest cut moves with every character; the anchored one does not.
        Assert.NotEqual(PromptWindow.TakeEnd(text, 400, Count)[..10], PromptWindow.TakeEnd(text + " abc", 400, Count)[..10]);
        // Short texts are kept whole.
        Assert.Equal("short text", PromptWindow.TakeEndAnchored("short text", 400, Count));
    }

    [Fact]
    public void The_typing_script_is_deterministic_and_mixes_every_action()
    {
        var script = TypingScript.Create(24, 30);
        Assert.Equal(script, TypingScript.Create(24, 30));
        Assert.Equal(new TypingAction("move", Count: 15), script[0]);
        Assert.Equal(["accept", "delete", "move", "type", "typeThrough"], script.Select(a => a.Kind).Distinct().Order());
    }
}
