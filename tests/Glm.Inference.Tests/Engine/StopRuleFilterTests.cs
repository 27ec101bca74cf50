using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

public class StopRuleFilterTests
{
    [Fact]
    public void StopStringSplitOverPushesIsHeldBackAndNeverEmitted()
    {
        var filter = new StopRuleFilter(new GenerationOptions { StopStrings = ["END"] });

        Assert.Equal("abc ", filter.Push("abc E", false));
        Assert.Equal(string.Empty, filter.Push("N", false));
        Assert.Equal(string.Empty, filter.Push("Dzzz", false));
        Assert.Equal(StopReason.StopString, filter.StopReason);
        Assert.Equal(string.Empty, filter.Flush());
    }

    [Fact]
    public void HeldBackTextThatTurnsOutHarmlessIsReleased()
    {
        var filter = new StopRuleFilter(new GenerationOptions { StopStrings = ["END"] });

        Assert.Equal("x", filter.Push("xEN", false));
        Assert.Equal("ENx", filter.Push("x", false));
        Assert.Equal("E", filter.Push("E", false) + filter.Flush());
        Assert.Null(filter.StopReason);
    }

    [Fact]
    public void SingleLineStopsAtTheFirstNewlineAfterText()
    {
        var filter = new StopRuleFilter(new GenerationOptions { SingleLine = true });

        Assert.Equal("\n", filter.Push("\n", false));
        Assert.Equal("  foo", filter.Push("  foo", false));
        Assert.Equal("()", filter.Push("()\r\nbar", false));
        Assert.Equal(StopReason.NewLine, filter.StopReason);
    }

    [Fact]
    public void AfterTheTimeBudgetAnyNewlineStops()
    {
        var filter = new StopRuleFilter(new GenerationOptions());

        Assert.Equal("a\nb", filter.Push("a\nb", false));
        Assert.Equal("c", filter.Push("c\nd", true));
        Assert.Equal(StopReason.TimeBudget, filter.StopReason);
    }

    [Fact]
    public void TheEarliestRuleWins()
    {
        var filter = new StopRuleFilter(new GenerationOptions { SingleLine = true, StopStrings = ["//"] });

        Assert.Equal("x = 1; ", filter.Push("x = 1; // one\n", false));
        Assert.Equal(StopReason.StopString, filter.StopReason);
    }

    [Fact]
    public void An_empty_stop_string_is_ignored()
    {
        var filter = new StopRuleFilter(new GenerationOptions { StopStrings = [""] });

        Assert.Equal("abc", filter.Push("abc", false));
        Assert.Null(filter.StopReason);
    }

    [Fact]
    public void Text_pushed_after_a_stop_is_dropped()
    {
        var filter = new StopRuleFilter(new GenerationOptions { StopStrings = ["END"] });

        Assert.Equal("a", filter.Push("aEND", false));
        Assert.Equal(string.Empty, filter.Push("more", false));
        Assert.Equal(StopReason.StopString, filter.StopReason);
    }

    [Fact]
    public void Flushing_twice_releases_the_held_back_text_once()
    {
        var filter = new StopRuleFilter(new GenerationOptions { StopStrings = ["END"] });

        Assert.Equal("x", filter.Push("xEN", false));
        Assert.Equal("EN", filter.Flush());
        Assert.Equal(string.Empty, filter.Flush());
    }

    [Fact]
    public void A_stop_string_that_starts_at_the_stopping_newline_is_reported_as_the_stop_string()
    {
        var filter = new StopRuleFilter(new GenerationOptions { SingleLine = true, StopStrings = ["\n}"] });

        Assert.Equal("x", filter.Push("x\n}", false));
        Assert.Equal(StopReason.StopString, filter.StopReason);
    }

    [Fact]
    public void A_single_line_completion_stops_for_its_newline_also_after_the_time_budget()
    {
        var filter = new StopRuleFilter(new GenerationOptions { SingleLine = true });

        Assert.Equal("a", filter.Push("a\nb", true));
        Assert.Equal(StopReason.NewLine, filter.StopReason);
    }

    [Fact]
    public void A_single_line_completion_stops_at_a_newline_after_text_in_the_same_chunk()
    {
        var filter = new StopRuleFilter(new GenerationOptions { SingleLine = true });

        Assert.Equal("foo", filter.Push("foo\nbar", false));
        Assert.Equal(StopReason.NewLine, filter.StopReason);
    }
}
