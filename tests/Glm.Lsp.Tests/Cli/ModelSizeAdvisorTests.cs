using Glm.Inference.Generation;
using Glm.Lsp.Cli;

namespace Glm.Lsp.Tests.Cli;

/// <summary>Which GLM size doctor recommends for the speeds measured on the loaded model.</summary>
public sealed class ModelSizeAdvisorTests
{
    /// <summary>A ChatGLM3-6B Q4_0 file: 6.24 billion parameters at 18 bytes per 32 weights.</summary>
    private const long ChatGlm3Q4_0Bytes = 3_510_000_000;

    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(2000);

    public static TheoryData<string, double, double, long, string, int, bool> Machines => new()
    {
        // The full-size ChatGLM3-6B-shaped Q4_0 model measured on this machine with one thread.
        { "one CPU thread", 18, 5, ChatGlm3Q4_0Bytes, "GLM-Edge-1.5B-Chat", 34, true },
        // A laptop CPU with several threads: 6B gives (2 - 16/50) * 13 = 21 tokens, 9B (scaled by 0.66) only 13.
        { "several CPU threads", 50, 13, ChatGlm3Q4_0Bytes, "ChatGLM3-6B", 21, true },
        { "a 6 GB GPU", 900, 45, ChatGlm3Q4_0Bytes, "GLM-4-9B-Chat", 58, true },
        // Too slow for a line even on the smallest size: the smallest is still the advice.
        { "an old CPU", 4, 1, ChatGlm3Q4_0Bytes, "GLM-Edge-1.5B-Chat", 3, false },
        // Speeds measured on GLM-Edge-1.5B itself: no scaling for the same size.
        { "measured on GLM-Edge-1.5B", 70, 20, 894_375_000, "GLM-Edge-1.5B-Chat", 35, true },
    };

    [Theory]
    [MemberData(nameof(Machines))]
    public void Recommends_the_largest_size_whose_suggestions_reach_a_line(
        string machine, double promptSpeed, double generationSpeed, long modelBytes, string expected, int tokens, bool longEnough)
    {
        var advice = ModelSizeAdvisor.Recommend(new MeasuredSpeeds(promptSpeed, generationSpeed), modelBytes, Budget)!;

        Assert.True(
            (expected, tokens, longEnough) == (advice.Model.Name, advice.TokensPerSuggestion, advice.IsLongEnough),
            $"{machine}: got {advice}");
    }

    [Theory]
    [InlineData(18, 5, 2000, 5)]
    [InlineData(18, 5, 500, 0)]
    [InlineData(16, 10, 1000, 0)]
    [InlineData(32, 10, 1000, 5)]
    [InlineData(0, 10, 1000, 0)]
    public void Tokens_per_suggestion_are_what_the_budget_leaves_after_the_new_prompt_tokens(double promptSpeed, double generationSpeed, int budgetMs, int expected) =>
        Assert.Equal(expected, ModelSizeAdvisor.TokensPerSuggestion(new MeasuredSpeeds(promptSpeed, generationSpeed), TimeSpan.FromMilliseconds(budgetMs)));

    [Fact]
    public void A_test_model_of_a_few_mebibytes_gets_no_advice_and_doctor_says_why()
    {
        using var output = new StringWriter { NewLine = "\n" };

        DoctorSpeedReport.Print(output, new MeasuredSpeeds(6000, 3000), "this probe", 4_089_446, Budget);

        Assert.Null(ModelSizeAdvisor.Recommend(new MeasuredSpeeds(6000, 3000), 4_089_446, Budget));
        Assert.EndsWith("recommended model    none: the speed of a 3.9 MiB file says nothing about real model sizes\n", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Sizes_go_from_smallest_to_largest_with_their_q4_0_file_sizes()
    {
        Assert.Equal(
            ["GLM-Edge-1.5B-Chat 0.9", "GLM-Edge-4B-Chat 2.4", "ChatGLM3-6B 3.5", "GLM-4-9B-Chat 5.3"],
            ModelSizeAdvisor.Sizes.Select(s => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.Name} {s.Q4_0Bytes / 1e9:F1}")));
    }

    [Fact]
    public void The_doctor_lines_say_the_speeds_what_they_allow_and_the_advice()
    {
        using var output = new StringWriter { NewLine = "\n" };

        DoctorSpeedReport.Print(output, new MeasuredSpeeds(18, 5), "this probe", ChatGlm3Q4_0Bytes, Budget);

        Assert.Equal(
            "speeds               prompt 18.0 tok/s, generation 5.0 tok/s (this probe)\n"
            + "per suggestion       about 5 tokens per suggestion on this machine (glm.latencyBudgetMs 2000, 16 new prompt tokens)\n"
            + "recommended model    GLM-Edge-1.5B-Chat (for CPU-only machines, Q4_0 about 0.9 GB): about 34 tokens per suggestion\n",
            output.ToString());
    }

    [Fact]
    public void The_doctor_advice_says_what_to_change_when_no_size_gives_a_line()
    {
        using var output = new StringWriter { NewLine = "\n" };

        DoctorSpeedReport.Print(output, new MeasuredSpeeds(4, 1), "the engine's measurement", ChatGlm3Q4_0Bytes, Budget);

        Assert.EndsWith(
            "recommended model    GLM-Edge-1.5B-Chat (for CPU-only machines, Q4_0 about 0.9 GB): about 3 tokens per suggestion; "
            + "shorter than a line even so: raise glm.latencyBudgetMs or run on a GPU\n",
            output.ToString(),
            StringComparison.Ordinal);
    }
}
