using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

public class ReplyHeaderFilterTests
{
    [Fact]
    public void A_header_arriving_in_pieces_is_dropped_with_the_word_space_after_it()
    {
        var filter = new ReplyHeaderFilter(answerHasHeaderLine: true);

        Assert.Equal(string.Empty, filter.Push("meta"));
        Assert.Equal(string.Empty, filter.Push("data\n"));
        Assert.Equal("Hello", filter.Push(" Hello"));
        Assert.Equal(" world", filter.Push(" world"));
    }

    [Fact]
    public void A_reply_without_the_word_space_keeps_its_first_character()
    {
        // An empty header is the newline alone, at index 0 of its chunk.
        var filter = new ReplyHeaderFilter(answerHasHeaderLine: true);

        Assert.Equal(string.Empty, filter.Push("\n"));
        Assert.Equal("Hello", filter.Push("Hello"));
    }
}
