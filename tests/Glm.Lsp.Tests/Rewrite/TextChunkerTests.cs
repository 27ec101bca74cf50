using Glm.Lsp.Rewrite;

namespace Glm.Lsp.Tests.Rewrite;

/// <summary>Chunks at paragraphs, then sentences, then words, then characters; one token per character here.</summary>
public sealed class TextChunkerTests
{
    private static int Characters(string text) => text.Length;

    [Fact]
    public void AFittingText_IsOneChunk() =>
        Assert.Equal([new TextChunk("", "One.\n\nTwo.")], TextChunker.Split("One.\n\nTwo.", 100, Characters));

    [Fact]
    public void Paragraphs_AreChunks_PackedWhileTheyFit_WithTheirOriginalSeparators()
    {
        var chunks = TextChunker.Split("Alpha one.\n\nBeta two.\n  \n\tGamma three.\r\n\r\nDelta.", 24, Characters);
        Assert.Equal(
            [new TextChunk("", "Alpha one.\n\nBeta two."), new TextChunk("\n  \n\t", "Gamma three.\r\n\r\nDelta.")],
            chunks);
    }

    [Fact]
    public void ATooLongParagraph_IsSplitAtEnglishAndChineseSentenceEnds()
    {
        var chunks = TextChunker.Split("First sentence here. Second one! 第三句话。第四句话？Last", 21, Characters);
        Assert.Equal(
            [new TextChunk("", "First sentence here."), new TextChunk(" ", "Second one! 第三句话。"), new TextChunk("", "第四句话？Last")],
            chunks);
    }

    [Fact]
    public void ATooLongSentence_IsSplitBetweenWords_AndAWordBetweenCharacters_NeverInsideASurrogatePair()
    {
        Assert.Equal(
            [new TextChunk("", "one two"), new TextChunk(" ", "three")],
            TextChunker.Split("one two three", 8, Characters));
        Assert.Equal(
            [new TextChunk("", "ab😀"), new TextChunk("", "😀c")],
            TextChunker.Split("ab😀😀c", 4, Characters));
    }

    [Theory]
    [InlineData("Alpha one.\n\nBeta two.\n  \n\tGamma three.\r\n\r\nDelta.", 5)]
    [InlineData("山川异域，风月同天。岂曰无衣，与子同裳。\n\n青山一道同云雨，明月何曾是两乡。", 7)]
    [InlineData("x", 1)]
    public void JoiningTheChunks_GivesTheTextBack(string text, int budget)
    {
        var chunks = TextChunker.Split(text, budget, Characters);
        Assert.Equal(text, string.Concat(chunks.Select(c => c.Separator + c.Text)));
        Assert.All(chunks, c => Assert.InRange(c.Text.Length, 1, budget));
    }

    [Fact]
    public void APieceOfExactlyTheBudget_StaysWhole_AndDoesNotJoinTheChunkBefore() =>
        Assert.Equal([new TextChunk("", "a"), new TextChunk("\n\n", "b. cd")], TextChunker.Split("a\n\nb. cd", 5, Characters));

    [Fact]
    public void AWordSplitBetweenCharacters_TakesTheLongestPrefixThatFits() =>
        Assert.Equal(
            [new TextChunk("", "ab"), new TextChunk(" ", "cdef"), new TextChunk("", "gh")],
            TextChunker.Split("ab cdefgh", 4, Characters));

    [Fact]
    public void ACharacterLargerThanTheBudget_IsAChunkOfItsOwn() =>
        Assert.Equal([new TextChunk("", "😀")], TextChunker.Split("😀", 1, Characters));

    [Fact]
    public void ASeparatorAtTheVeryStartOrEnd_DoesNotSplit()
    {
        Assert.Equal(
            [new TextChunk("", "\n\na"), new TextChunk("", "b"), new TextChunk("\n\n", "cd")],
            TextChunker.Split("\n\nab\n\ncd", 3, Characters));
        Assert.Equal(
            [new TextChunk("", "abc"), new TextChunk("", "de\n"), new TextChunk("", "\n")],
            TextChunker.Split("abcde\n\n", 3, Characters));
    }
}
