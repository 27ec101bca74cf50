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
}
