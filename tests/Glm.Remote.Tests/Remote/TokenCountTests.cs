using System.Text;
using Glm.Inference.Remote;

namespace Glm.Remote.Tests.Remote;

public class TokenCountTests
{
    [Fact]
    public void A_tiktoken_file_counts_with_the_glm4_pre_tokenizer_and_special_tokens()
    {
        // A tiny tiktoken vocabulary: every byte is a token (ranks 0–255) plus merged "he", "ll", "hell", "hello", " wo", "rld".
        var lines = new List<string>();
        for (var b = 0; b < 256; b++)
        {
            lines.Add($"{Convert.ToBase64String([(byte)b])} {b}");
        }

        string[] merged = ["he", "ll", "hell", "hello", " w", " wo", "rl", "rld", " wo" + "rld"];
        for (var i = 0; i < merged.Length; i++)
        {
            lines.Add($"{Convert.ToBase64String(Encoding.UTF8.GetBytes(merged[i]))} {256 + i}");
        }

        var path = Path.Combine(Path.GetTempPath(), $"glm-tiktoken-{Guid.NewGuid():N}.model");
        File.WriteAllLines(path, lines);
        try
        {
            var counter = RemoteTokenCounter.FromTiktokenFile(path);

            Assert.Equal(TokenCountSource.Tokenizer, counter.Source);
            Assert.Equal(2, counter.Count("hello world"));
            Assert.Equal(4, counter.Count("[gMASK]<sop>hello world"));
            Assert.Equal(3, counter.Count("hello!!"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Without_a_tokenizer_the_count_is_a_labelled_overestimate()
    {
        var counter = RemoteTokenCounter.Estimate;

        Assert.Equal(TokenCountSource.Estimate, counter.Source);
        Assert.Equal(4, counter.Count("hello world"));
        Assert.Equal(4, counter.Count("你好世界"));
        Assert.Equal(0, counter.Count(string.Empty));
    }
}
