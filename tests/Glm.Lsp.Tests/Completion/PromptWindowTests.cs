using System.Text;
using Glm.Lsp.Completion;

namespace Glm.Lsp.Tests.Completion;

/// <summary>
/// The cuts of <see cref="PromptWindow"/> on distinct text, with a character counter (one token per UTF-16 unit) and a
/// word counter (a tokenizer whose tokens are many characters long), and never between the halves of a surrogate pair.
/// </summary>
public sealed class PromptWindowTests
{
    private static readonly Func<string, int> Characters = text => text.Length;

    private static readonly Func<string, int> FourCharacters = text => (text.Length + 3) / 4;

    private static readonly Func<string, int> Words = text => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private static readonly Func<string, int> Utf8Bytes = Encoding.UTF8.GetByteCount;

    [Fact]
    public void TakeEnd_KeepsTheLongestTailWithinTheBudget()
    {
        Assert.Equal("hree four", PromptWindow.TakeEnd("one two three four", 9, Characters));
        Assert.Equal(" w4 w5", PromptWindow.TakeEnd("w1 w2 w3 w4 w5", 2, Words));
        Assert.Equal("one two", PromptWindow.TakeEnd("one two", 7, Characters));
        Assert.Equal("one two", PromptWindow.TakeEnd("one two", 50, Characters));
        Assert.Equal("", PromptWindow.TakeEnd("one two", 0, Characters));
        Assert.Equal("", PromptWindow.TakeEnd("one two", -3, Characters));
    }

    [Fact]
    public void TakeStart_KeepsTheLongestHeadWithinTheBudget()
    {
        Assert.Equal("one two t", PromptWindow.TakeStart("one two three four", 9, Characters));
        Assert.Equal("w1 w2 ", PromptWindow.TakeStart("w1 w2 w3 w4 w5", 2, Words));
        Assert.Equal("one two", PromptWindow.TakeStart("one two", 7, Characters));
        Assert.Equal("one two", PromptWindow.TakeStart("one two", 50, Characters));
        Assert.Equal("", PromptWindow.TakeStart("one two", 0, Characters));
    }

    [Fact]
    public void LongTexts_AreCutExactly_BeyondTheFirstWindow()
    {
        // The first window is four characters per token; with whole words as tokens it must grow several times.
        var text = WordList(0, 2000);
        Assert.Equal(" " + WordList(1750, 250).TrimStart(), PromptWindow.TakeEnd(text, 250, Words));
        Assert.Equal(WordList(0, 250) + " ", PromptWindow.TakeStart(text, 250, Words));
        Assert.Equal(text[^333..], PromptWindow.TakeEnd(text, 333, Characters));
        Assert.Equal(text[..333], PromptWindow.TakeStart(text, 333, Characters));
    }

    [Fact]
    public void ACutNeverSplitsASurrogatePair()
    {
        const string text = "ab😀cd";
        // The three last units start with the low half of 😀: the cut moves after it.
        Assert.Equal("cd", PromptWindow.TakeEnd(text, 3, Characters));
        Assert.Equal("😀cd", PromptWindow.TakeEnd(text, 4, Characters));
        // The three first units end with the high half: the cut moves before it.
        Assert.Equal("ab", PromptWindow.TakeStart(text, 3, Characters));
        Assert.Equal("ab😀", PromptWindow.TakeStart(text, 4, Characters));
    }

    [Fact]
    public void TakeEndAnchored_StartsAtAWordAfterTheNextStep_AndStaysThereWhileTheUserTypes()
    {
        // 100 words of six characters; budget 40 tokens of four characters = 160 characters, and a 40-character step.
        var text = WordList(0, 100).TrimStart() + " ";
        Assert.Equal(40, PromptWindow.AnchorStep(40));

        foreach (var typed in new[] { "n", "ne", "new", "new ", "new words and more text" })
        {
            // Tightest cut between 441 and 480, anchored up to 480, where word 80 starts.
            Assert.Equal(WordList(80, 20).TrimStart() + " " + typed, PromptWindow.TakeEndAnchored(text + typed, 40, FourCharacters));
        }

        // Once the tightest cut passes 480 (483 here), the start jumps one step on: 520, then the next word, 87 at 522.
        const string more = "new words and more, and then some more text";
        Assert.Equal(WordList(87, 13).TrimStart() + " " + more, PromptWindow.TakeEndAnchored(text + more, 40, FourCharacters));
    }

    [Fact]
    public void TakeEndAnchored_WithoutAWordStartWithinAStep_KeepsTheTightestCut()
    {
        // Distinct CJK characters with no spaces: no word start exists, so the anchored cut is the plain one.
        var text = string.Concat(Enumerable.Range(0, 300).Select(i => (char)(0x4E00 + i)));
        Assert.Equal(text[^40..], PromptWindow.TakeEndAnchored(text, 40, Characters));
    }

    [Fact]
    public void TakeEndAnchored_OnAShortText_ReturnsItWhole()
    {
        Assert.Equal("short text", PromptWindow.TakeEndAnchored("short text", 40, Characters));
    }

    [Fact]
    public void TakeEndAnchored_KeepsOneStart_WhileTheCursorMovesOrTypesWithinAParagraph()
    {
        // Ten paragraphs of ten words (60 characters each, blank lines between); the cursor is in the last one.
        var document = string.Join("\n\n", Enumerable.Range(0, 10).Select(p => WordList(p * 10, 10).TrimStart()));
        var lastParagraph = document.LastIndexOf('\n') + 1;
        var starts = new HashSet<string>();
        for (var cursor = lastParagraph + 1; cursor <= document.Length; cursor += 7)
        {
            var prefix = document[..cursor];
            starts.Add(prefix[..(prefix.Length - PromptWindow.TakeEndAnchored(prefix, 80, FourCharacters).Length)]);
        }

        foreach (var typed in new[] { " n", " new", " new words" })
        {
            var prefix = document + typed;
            starts.Add(prefix[..(prefix.Length - PromptWindow.TakeEndAnchored(prefix, 80, FourCharacters).Length)]);
        }

        // Budget 80 tokens minus the paragraph's 20: the 549 characters before the paragraph are cut to 60 tokens (240
        // characters, a cut at 309), anchored to the 60-character step at 360 and the next word start, paragraph 6 at 366.
        Assert.Equal(document[..366], Assert.Single(starts));
        Assert.StartsWith("w0060", document[366..], StringComparison.Ordinal);
    }

    [Fact]
    public void TakeEndAnchoredInSteps_MovesItsStart_AsTheCursorMovesWithinAParagraph()
    {
        // The cut anchored from the cursor: a cursor move across a step boundary moves the whole prompt's start.
        var document = string.Join("\n\n", Enumerable.Range(0, 10).Select(p => WordList(p * 10, 10).TrimStart()));
        var lastParagraph = document.LastIndexOf('\n') + 1;
        var early = document[..(lastParagraph + 8)];
        var late = document[..(lastParagraph + 50)];

        Assert.NotEqual(
            early.Length - PromptWindow.TakeEndAnchoredInSteps(early, 40, FourCharacters).Length,
            late.Length - PromptWindow.TakeEndAnchoredInSteps(late, 40, FourCharacters).Length);
    }

    [Fact]
    public void TakeEndAnchored_AParagraphLongerThanItsShare_FallsBackToTheStepAnchor()
    {
        var document = WordList(0, 10).TrimStart() + "\n\n" + WordList(10, 90).TrimStart();

        Assert.Equal(PromptWindow.TakeEndAnchoredInSteps(document, 40, FourCharacters), PromptWindow.TakeEndAnchored(document, 40, FourCharacters));
    }

    [Theory]
    [InlineData("one\n\ntwo", 5)]
    [InlineData("one\n  \ntwo three", 7)]
    [InlineData("one\n\ntwo\nthree", 5)]
    [InlineData("one\n\ntwo\n\n", 5)]
    [InlineData("zero\n\none\n\ntwo\n\n", 11)]
    [InlineData("no blank line\nat all", 0)]
    [InlineData("", 0)]
    [InlineData("\n\ntwo", 2)]
    [InlineData("\ntwo", 0)]
    [InlineData("\n", 0)]
    public void ParagraphStart_IsAfterTheLastBlankLineFollowedByText(string text, int expected)
    {
        Assert.Equal(expected, PromptWindow.ParagraphStart(text));
    }

    [Fact]
    public void AnchorStep_IsNeverZero()
    {
        Assert.Equal(1, PromptWindow.AnchorStep(0));
        Assert.Equal(1, PromptWindow.AnchorStep(1));
        Assert.Equal(512, PromptWindow.AnchorStep(512));
    }

    [Fact]
    public void No_text_is_counted_twice()
    {
        // Counting is the costly part of every keystroke: the search never recounts a length it already knows about.
        var tail = Recorded(Characters, out var tailCounts);
        Assert.Equal("ne two three four", PromptWindow.TakeEnd("one two three four", 17, tail));
        Assert.Equal(tailCounts.Count, tailCounts.Distinct().Count());

        var head = Recorded(Characters, out var headCounts);
        Assert.Equal("one two three fou", PromptWindow.TakeStart("one two three four", 17, head));
        Assert.Equal(headCounts.Count, headCounts.Distinct().Count());

        // The first window (20 characters, 5 tokens) fits and the doubled one does not: the search lies between them.
        var text = WordList(0, 17);
        var grown = Recorded(FourCharacters, out var grownCounts);
        Assert.Equal(text[^20..], PromptWindow.TakeEnd(text, 5, grown));
        Assert.Equal(grownCounts.Count, grownCounts.Distinct().Count());
    }

    [Fact]
    public void A_long_document_is_never_counted_whole()
    {
        // 250 words fit in 1000 characters (166 words) but not in 2000 (333): nothing longer is ever counted.
        var text = WordList(0, 2000);
        var tail = Recorded(Words, out var tailCounts);
        PromptWindow.TakeEnd(text, 250, tail);
        Assert.Equal(2000, tailCounts.Max(counted => counted.Length));

        var head = Recorded(Words, out var headCounts);
        PromptWindow.TakeStart(text, 250, head);
        Assert.Equal(2000, headCounts.Max(counted => counted.Length));
    }

    [Fact]
    public void A_budget_smaller_than_the_character_next_to_the_cursor_keeps_nothing()
    {
        // "é" is two UTF-8 bytes: with a budget of one byte not even the nearest character fits.
        Assert.Equal("", PromptWindow.TakeStart("éa", 1, Utf8Bytes));
        Assert.Equal("", PromptWindow.TakeEnd("aé", 1, Utf8Bytes));
        Assert.Equal("é", PromptWindow.TakeEnd("aé", 2, Utf8Bytes));
    }

    [Fact]
    public void A_text_within_the_budget_is_kept_whole_even_with_half_a_surrogate_pair_at_its_end()
    {
        // Only a cut moves away from a lone half; a text that fits is not cut at all.
        Assert.Equal("ab\uD83D", PromptWindow.TakeStart("ab\uD83D", 10, Characters));
        Assert.Equal("\uDE00ab", PromptWindow.TakeEnd("\uDE00ab", 10, Characters));
    }

    [Fact]
    public void TakeEndAnchored_keeps_the_paragraph_start_when_it_fills_the_budget_exactly()
    {
        // Budget 12, 3 for the paragraph: the head is cut to "two\n\n" (a word start after its 9-character step), and
        // with the paragraph that is exactly 12 characters. The cut from the cursor would keep only "the end".
        const string text = "zero one two\n\nthe end";
        Assert.Equal("two\n\nthe end", PromptWindow.TakeEndAnchored(text, 12, Characters));
        Assert.Equal("the end", PromptWindow.TakeEndAnchoredInSteps(text, 12, Characters));
    }

    [Fact]
    public void TakeEndAnchoredInSteps_looks_for_a_word_start_within_one_step_from_a_cut_on_a_step()
    {
        // Budget 4 tokens of four characters: the tightest cut is at 16, itself a multiple of the 4-character step, so
        // the word start is looked for at 16 to 19 only. There is none, so the tightest cut stays.
        var laterInTheNextStep = new string('a', 21) + " " + new string('b', 10);
        Assert.Equal(laterInTheNextStep[16..], PromptWindow.TakeEndAnchoredInSteps(laterInTheNextStep, 4, FourCharacters));

        var justAfterTheStep = new string('a', 19) + " " + new string('b', 12);
        Assert.Equal(justAfterTheStep[16..], PromptWindow.TakeEndAnchoredInSteps(justAfterTheStep, 4, FourCharacters));

        var lastInTheStep = new string('a', 18) + " " + new string('b', 13);
        Assert.Equal(lastInTheStep[19..], PromptWindow.TakeEndAnchoredInSteps(lastInTheStep, 4, FourCharacters));
    }

    /// <summary>A counter that records every text it is asked to count.</summary>
    private static Func<string, int> Recorded(Func<string, int> countTokens, out List<string> counted)
    {
        var texts = new List<string>();
        counted = texts;
        return text =>
        {
            texts.Add(text);
            return countTokens(text);
        };
    }

    /// <summary>" w0000 w0001 …": each word with a leading space, five characters plus the space.</summary>
    private static string WordList(int start, int count)
    {
        var text = new StringBuilder();
        for (var i = start; i < start + count; i++)
        {
            text.Append(" w").Append(i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
