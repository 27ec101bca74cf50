using Glm.Tools.Bench;
using Xunit;

namespace Glm.Tools.Tests.Bench;

public sealed class BenchReportTests
{
    [Fact]
    public void A_miss_that_two_digits_would_round_onto_the_target_is_printed_with_the_digits_that_show_the_miss()
    {
        var markdown = Report(new BenchTarget("Server throughput", "prompt tokens/s, server path / bare loop", 0.9454, 0.95, true, "×", "detail")).ToMarkdown();

        Assert.Contains("| Server throughput | prompt tokens/s, server path / bare loop ≥ 0.95× | 0.945× | detail | **FAIL** |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_clear_of_its_target_keeps_two_digits()
    {
        var markdown = Report(new BenchTarget("Engine overhead", "generation tokens/s, engine ÷ bare loop", 0.9586, 0.95, true, "×", "detail")).ToMarkdown();

        Assert.Contains("| Engine overhead | generation tokens/s, engine ÷ bare loop ≥ 0.95× | 0.96× | detail | pass |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cpu_every_decode_ran_on_is_named_in_the_model_line_and_the_json()
    {
        var report = Report(new BenchTarget("Engine overhead", "generation tokens/s, engine ÷ bare loop", 0.99, 0.95, true, "×", "detail")) with { MeasureCpu = 1 };

        Assert.Contains("; 1 compute thread(s), every measured decode on CPU 1; run took 1.0 min.", report.ToMarkdown(), StringComparison.Ordinal);
        Assert.Equal(1, (int)System.Text.Json.Nodes.JsonNode.Parse(report.ToJson())!["measureCpu"]!);
    }

    private static BenchReport Report(BenchTarget target) => new(
        DateTimeOffset.UnixEpoch,
        TimeSpan.FromMinutes(1),
        Quick: true,
        Threads: 1,
        ModelPath: typeof(BenchReportTests).Assembly.Location,
        ModelDescription: "test",
        new MachineInfo("cpu", 2, 1L << 30, "os", ".NET", "llama", "0 0 0"),
        "0 0 0",
        [new BenchSectionResult(target.Section, [target], new Dictionary<string, string>(), [], null)]);
}
