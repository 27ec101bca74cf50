using Glm.Lsp.Rewrite;

namespace Glm.Lsp.Tests.Rewrite;

/// <summary>The edges of each cleaning rule: lengths at the limit, wrapping with only one of its two parts, a source
/// that is empty or has the wrapping itself, and the wrapping a partial answer must hold back or drop.</summary>
public sealed class AnswerCleanerBoundaryTests
{
    private static readonly string HundredCharacterPreamble = new string('a', 99) + ":";

    public static TheoryData<string, string, string> Answers { get; } = new()
    {
        // answer, source, cleaned
        { HundredCharacterPreamble + "\nBetter text.", "bad text", "Better text." },
        { "Translation:", "bad text", "Translation:" },
        { "Translation: the text", "Translation: a text", "Translation: the text" },
        { "```\nBetter text.", "bad text", "Better text." },
        { "```", "bad text", "" },
        { "```python", "bad text", "" },
        { "\"\"", "bad text", "" },
        { "\"Better text.\"", "", "Better text." },
        { "“He said “hi”", "x", "“He said “hi”" },
        { "<text>\nBetter text.", "bad text", "<text>\nBetter text." },
        { "Better text.\n</text>", "bad text", "Better text.\n</text>" },
        { "Here it is:\r\nFirst.\r\n\r\nSecond.", "first\r\n\r\nsecond", "First.\r\n\r\nSecond." },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Clean_AtTheEdgesOfItsRules(string answer, string source, string cleaned) =>
        Assert.Equal(cleaned, AnswerCleaner.Clean(answer, source));

    public static TheoryData<string, string, string> PartialAnswers { get; } = new()
    {
        // answer so far, source, shown
        { new string('x', 100), "bad text", "" },
        { new string('x', 101), "bad text", new string('x', 101) },
        { "Hi there", "", "" },
        { "\"Better text. More", "bad text", "Better text. More" },
        { "\"Better text. More", "", "Better text. More" },
        { "\"Better text. More", "\"bad text\"", "\"Better text. More" },
        { "\"Better text.\"", "bad text", "Better text." },
        { "\"\n\nHello", "bad text", "" },
        { "<text>\nBetter text. More", "bad text", "Better text. More" },
        { "<text>Better. More", "<text>bad</text>", "<text>Better. More" },
        { "First sentence.\n\nSecond paragraph here.", "bad text", "First sentence.\n\nSecond paragraph here." },
        { "First sentence.\n\nSecond one", "bad text", "First sentence." },
        { "First sentence.\n\nSecond one.", "bad text", "First sentence.\n\nSecond one." },
        { "First sentence.\n\nNote", "Bad text.\n\nNote: kept as it is.", "First sentence.\n\nNote" },
        { "Better text. More\n``", "bad text", "Better text. More" },
        { "Better text. More\n</te", "bad text", "Better text. More" },
        { "```python\nx = 1\n```", "```python\nx=1\n```", "```python\nx = 1\n```" },
    };

    [Theory]
    [MemberData(nameof(PartialAnswers))]
    public void CleanPartial_AtTheEdgesOfItsRules(string answerSoFar, string source, string shown) =>
        Assert.Equal(shown, AnswerCleaner.CleanPartial(answerSoFar, source));

    [Theory]
    [InlineData("bad", "")]
    [InlineData("Hi there! How", "Hi there! How")]
    [InlineData("metadata\nbad", "bad")]
    public void CleanPartial_HoldsBackAnUnfinishedChatGlm3HeaderLine(string answerSoFar, string shown) =>
        Assert.Equal(shown, AnswerCleaner.CleanPartial(answerSoFar, "bad text", dropHeaderLine: true));
}
