using System.Text;
using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

public class Utf8ChunkDecoderTests
{
    [Fact]
    public void CharacterSpreadOverThreeTokensComesOutWhole()
    {
        var decoder = new Utf8ChunkDecoder();
        var bytes = Encoding.UTF8.GetBytes("a山");

        Assert.Equal("a", decoder.Decode(bytes.AsSpan(0, 2)));
        Assert.Equal(string.Empty, decoder.Decode(bytes.AsSpan(2, 1)));
        Assert.Equal("山", decoder.Decode(bytes.AsSpan(3, 1)));
    }

    [Fact]
    public void IncompleteTailIsHeldUntilFlush()
    {
        var decoder = new Utf8ChunkDecoder();

        Assert.Equal(string.Empty, decoder.Decode([0xE5, 0xB1]));
        Assert.Equal("\uFFFD", decoder.Flush());
    }

    [Fact]
    public void A_chunk_of_more_than_twice_the_initial_buffer_is_decoded_whole()
    {
        var decoder = new Utf8ChunkDecoder();
        var text = new string('a', 200);

        Assert.Equal(text, decoder.Decode(Encoding.UTF8.GetBytes(text)));
    }
}
