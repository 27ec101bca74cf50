using System.Text;
using Glm.Inference.Gguf;
using Glm.Inference.Remote;
using Glm.Inference.Tokenization;
using Glm.TestModels.Gguf;

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
    public void A_gguf_file_counts_with_its_own_vocabulary_and_special_tokens()
    {
        // Byte-level alphabet (256 tokens), merges building "hello" and " world", and three control tokens.
        var tokens = Enumerable.Range(0, 256).Select(b => ByteLevelAlphabet.ToChar((byte)b).ToString()).ToList();
        var space = ByteLevelAlphabet.ToChar((byte)' ').ToString();
        string[] merges = ["h e", "l l", "he ll", "hell o", $"{space} w", "o r", $"{space}w or", "l d", $"{space}wor ld"];
        tokens.AddRange(["he", "ll", "hell", "hello", $"{space}w", "or", $"{space}wor", "ld", $"{space}world", "[gMASK]", "<sop>", "<|user|>"]);
        var types = tokens.Select((_, id) => id >= tokens.Count - 3 ? 3 : 1).ToArray();
        var writer = new GgufWriter();
        writer.AddString("general.architecture", "chatglm");
        writer.AddString("tokenizer.ggml.model", "gpt2");
        writer.AddString("tokenizer.ggml.pre", "chatglm-bpe");
        writer.AddStringArray("tokenizer.ggml.tokens", tokens);
        writer.AddInt32Array("tokenizer.ggml.token_type", types);
        writer.AddStringArray("tokenizer.ggml.merges", merges);
        var path = Path.Combine(Path.GetTempPath(), $"glm-vocab-{Guid.NewGuid():N}.gguf");
        writer.WriteTo(path);
        try
        {
            var counter = RemoteTokenCounter.FromFile(path);

            Assert.Equal(TokenCountSource.Tokenizer, counter.Source);
            Assert.Equal(2, counter.Count("hello world"));
            Assert.Equal(5, counter.Count("[gMASK]<sop><|user|>hello world"));
            Assert.Equal(4, counter.Count("hello!!\n"));
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
