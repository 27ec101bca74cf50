using Glm.Lsp.Rewrite;

namespace Glm.Lsp.Tests.Rewrite;

/// <summary>Real-looking chat answers in English and Chinese and what of them may replace the selection.</summary>
public sealed class AnswerCleanerTests
{
    public static TheoryData<string, string, string> Answers { get; } = new()
    {
        // answer, source, cleaned
        { "Better text.", "bad text", "Better text." },
        { "\n\nBetter text.\n", "bad text", "Better text." },
        { "Here is the revised text:\n\nBetter text.", "bad text", "Better text." },
        { "Sure! Here's a more concise version:\nBetter text.", "bad text", "Better text." },
        { "**Revised text:**\n\nBetter text.", "bad text", "Better text." },
        { "以下是改写后的文本：\n\n我们写得很好。", "我们很好的写作。", "我们写得很好。" },
        { "译文：\nThe mountains and rivers differ.", "山川异域", "The mountains and rivers differ." },
        { "译文：The mountains and rivers differ.", "山川异域", "The mountains and rivers differ." },
        { "Translation: 山川异域，风月同天。", "Mountains and rivers", "山川异域，风月同天。" },
        { "```\nBetter text.\n```", "bad text", "Better text." },
        { "```markdown\nBetter text.\n\nSecond paragraph.\n```", "bad text\n\nsecond", "Better text.\n\nSecond paragraph." },
        { "Here is the text:\n```\nBetter text.\n```\n\nNote: I fixed the verb.", "bad text", "Better text." },
        { "\"Better text.\"", "bad text", "Better text." },
        { "“我们写得很好。”", "我们很好的写作。", "我们写得很好。" },
        { "「我们写得很好。」", "我们很好的写作。", "我们写得很好。" },
        { "<text>\nBetter text.\n</text>", "bad text", "Better text." },
        { "Better text.\n\nNote: I changed \"are\" to \"is\".", "bad text", "Better text." },
        { "Better text.\n\n(Note: the meaning is unchanged.)", "bad text", "Better text." },
        { "我们写得很好。\n\n注：修改了语序。", "我们很好的写作。", "我们写得很好。" },
        { "我们写得很好。\n\n备注：修改了语序。", "我们很好的写作。", "我们写得很好。" },
        { "我们写得很好。\n\n说明：修改了语序。", "我们很好的写作。", "我们写得很好。" },
        { "First.\n\nSecond.\n\n注意：第二段更短。", "first\n\nsecond", "First.\n\nSecond." },

        // What the selection itself has is kept.
        { "Steps:\n1. Open it.", "Steps:\n1. open it", "Steps:\n1. Open it." },
        { "\"Quoted\" and \"quoted\"", "quoted and quoted", "\"Quoted\" and \"quoted\"" },
        { "\"Better text.\"", "\"bad text\"", "\"Better text.\"" },
        { "```python\nx = 1\n```", "```python\nx=1\n```", "```python\nx = 1\n```" },
        { "Text.\n\nNote: keep this.", "text\n\nNote: keep this", "Text.\n\nNote: keep this." },
        { "Note: only a note.", "bad text", "Note: only a note." },
        { "The result is:", "bad text", "The result is:" },
        { "A line that is much longer than any preamble a model writes before the text it was asked for, ending with:\nmore", "x", "A line that is much longer than any preamble a model writes before the text it was asked for, ending with:\nmore" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Clean_DropsTheChatWrapping_KeepsWhatTheSourceHas(string answer, string source, string cleaned) =>
        Assert.Equal(cleaned, AnswerCleaner.Clean(answer, source));

    [Theory]
    [InlineData("\nBetter text.", "Better text.")]
    [InlineData("metadata\nBetter text.", "Better text.")]
    [InlineData("Better text with spaces\nsecond line", "Better text with spaces\nsecond line")]
    public void Clean_DropsChatGlm3sHeaderLine_WhenAsked(string answer, string cleaned) =>
        Assert.Equal(cleaned, AnswerCleaner.Clean(answer, "bad text", dropHeaderLine: true));

    [Fact]
    public void Clean_KeepsTheSourcesCrLfLineBreaks() =>
        Assert.Equal("First.\r\n\r\nSecond.", AnswerCleaner.Clean("Here it is:\nFirst.\n\nSecond.", "first\r\n\r\nsecond"));

    [Theory]
    [InlineData("bad text", "Better.", "Better.")]
    [InlineData("  bad text\n", "Better.", "  Better.\n")]
    [InlineData("\n\nbad text\n\n", "Better.", "\n\nBetter.\n\n")]
    [InlineData("   ", "Better.", "   ")]
    public void Frame_PutsTheSelectionsOuterWhitespaceBack(string source, string cleaned, string framed) =>
        Assert.Equal(framed, AnswerCleaner.Frame(cleaned, source));

    [Fact]
    public void CleanPartial_NeverShowsAPreambleTheFinalTextDrops()
    {
        const string Answer = "Here is the revised text:\n\nBetter text, much better.\n\nNote: I changed the tense.";
        var shown = Enumerable.Range(1, Answer.Length).Select(n => AnswerCleaner.CleanPartial(Answer[..n], "bad text")).Distinct().ToList();
        Assert.Equal("", shown[0]);
        Assert.All(shown, s => Assert.StartsWith(s, "Better text, much better.", StringComparison.Ordinal));
        Assert.Equal("Better text, much better.", shown[^1]);
        Assert.Equal("Better text, much better.", AnswerCleaner.Clean(Answer, "bad text"));
    }

    [Fact]
    public void CleanPartial_ChinesePreambleFenceAndNote_AreNeverShown()
    {
        const string Answer = "以下是改写后的文本：\n```\n我们写得很好。\n```\n\n注：修改了语序。";
        var shown = Enumerable.Range(1, Answer.Length).Select(n => AnswerCleaner.CleanPartial(Answer[..n], "我们很好的写作。")).Distinct().ToList();
        Assert.Equal(["", "我", "我们", "我们写", "我们写得", "我们写得很", "我们写得很好", "我们写得很好。"], shown);
        Assert.Equal("我们写得很好。", AnswerCleaner.Clean(Answer, "我们很好的写作。"));
    }

    [Fact]
    public void CleanPartial_ShowsAnOrdinaryFirstSentenceAsItStreams()
    {
        // Once the first line has a finished sentence (and does not open like a preamble) it is text, not a preamble.
        Assert.Equal("", AnswerCleaner.CleanPartial("Hi there", "bad text"));
        Assert.Equal("Hi there! How", AnswerCleaner.CleanPartial("Hi there! How", "bad text"));
        Assert.Equal("", AnswerCleaner.CleanPartial("Sure! Here is", "bad text"));
        // An answer that starts as the selection does is shown at once.
        Assert.Equal("bad", AnswerCleaner.CleanPartial("bad", "bad text"));
    }
}
