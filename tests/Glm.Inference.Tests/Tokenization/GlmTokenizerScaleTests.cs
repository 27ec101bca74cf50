using Glm.Inference.Gguf;
using Glm.Inference.Tests.Gguf;
using Glm.Inference.Tests.Support;
using Glm.Inference.Tokenization;
using Glm.TestModels.Gguf;
using Xunit.Abstractions;

namespace Glm.Inference.Tests.Tokenization;

/// <summary>GLM-4 has a 151k-token vocabulary with ~150k merges: reading it and building the tokenizer must stay quick.</summary>
[Trait("Speed", "Slow")]
public sealed class GlmTokenizerScaleTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Builds_from_a_GLM4_sized_vocabulary_in_seconds()
    {
        var (tokens, merges) = SyntheticVocabulary(150_000);
        var writer = new GgufWriter();
        writer.AddString("tokenizer.ggml.model", "gpt2");
        writer.AddString("tokenizer.ggml.pre", "chatglm-bpe");
        writer.AddStringArray("tokenizer.ggml.tokens", tokens);
        writer.AddInt32Array("tokenizer.ggml.token_type", Enumerable.Repeat(1, tokens.Count));
        writer.AddStringArray("tokenizer.ggml.merges", merges);
        var path = _directory.File("big.gguf");
        writer.WriteTo(path);

        var cpu = ThreadCpuClock.StartNew();
        var tokenizer = GlmTokenizer.FromGguf(GgufReader.Read(path));
        var ids = tokenizer.EncodeToIds("the quick brown fox 你好");
        var spent = cpu.Elapsed;
        output.WriteLine($"read + build + first encode: {spent.TotalMilliseconds:F0} ms of CPU time");

        Assert.Equal(tokens.Count, tokenizer.VocabularySize);
        Assert.NotEmpty(ids);
        // CPU time of this thread, which a busy shared machine cannot inflate the way it inflates wall-clock time (1.9 s
        // measured with the machine busy); a quadratic build would take minutes.
        Assert.InRange(spent, TimeSpan.Zero, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void Encodes_a_long_document_quickly()
    {
        var (tokens, merges) = SimpleBpeTrainer.Train(MixedCorpus.Text, 400);
        var writer = new GgufWriter();
        writer.AddString("tokenizer.ggml.model", "gpt2");
        writer.AddString("tokenizer.ggml.pre", "chatglm-bpe");
        writer.AddStringArray("tokenizer.ggml.tokens", tokens);
        writer.AddStringArray("tokenizer.ggml.merges", merges);
        var path = _directory.File("doc.gguf");
        writer.WriteTo(path);
        var tokenizer = GlmTokenizer.FromGguf(GgufReader.Read(path));
        var document = string.Concat(Enumerable.Range(0, 50).Select(i => $"// section {i}\n{MixedCorpus.Text}\n"));
        tokenizer.CountTokens(MixedCorpus.Text);

        var cpu = ThreadCpuClock.StartNew();
        var count = tokenizer.CountTokens(document);
        var spent = cpu.Elapsed;
        output.WriteLine($"{document.Length} chars -> {count} tokens in {spent.TotalMilliseconds:F0} ms of CPU time");

        Assert.Equal(tokenizer.EncodeToIds(document).Count, count);
        // CPU time of this thread, so other load on the machine cannot break it; the per-call cost is what completion
        // prompts pay on every keystroke.
        Assert.InRange(spent, TimeSpan.Zero, TimeSpan.FromSeconds(3));
    }

    // Byte tokens plus merges of random earlier token pairs: every merge result is a new token, as in real vocabularies.
    private static (List<string> Tokens, List<string> Merges) SyntheticVocabulary(int mergeCount)
    {
        var random = new Random(11);
        var tokens = ByteLevelAlphabet.ByteTokens.ToList();
        var known = tokens.ToHashSet(StringComparer.Ordinal);
        var merges = new List<string>(mergeCount);
        while (merges.Count < mergeCount)
        {
            var left = tokens[random.Next(Math.Min(tokens.Count, 4096))];
            var right = tokens[random.Next(tokens.Count)];
            if (left.Length + right.Length > 12 || !known.Add(left + right))
            {
                continue;
            }

            merges.Add($"{left} {right}");
            tokens.Add(left + right);
        }

        return (tokens, merges);
    }
}
