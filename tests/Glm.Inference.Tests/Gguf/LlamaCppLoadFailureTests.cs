using Glm.Inference.Gguf;
using Glm.Inference.Native;
using LLama;
using LLama.Common;
using LLama.Exceptions;

namespace Glm.Inference.Tests.Gguf;

/// <summary>
/// Why the validator exists: llama.cpp accepts what it accepts and reports every defect as the same
/// generic LoadWeightsFailedException (the reason only reaches its log). These tests load the tiny
/// models through the real native library: valid ones load, corrupt ones fail generically, and the
/// process keeps working afterwards.
/// </summary>
public sealed class LlamaCppLoadFailureTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public LlamaCppLoadFailureTests() => NativeLogging.EnsureInitialized();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("chatglm")]
    [InlineData("glm4")]
    public void The_models_the_validator_accepts_load_in_llama_cpp(string architecture)
    {
        var path = _directory.File($"valid-{architecture}.gguf");
        TinyGlmModel.CreateWriter(architecture).WriteTo(path);
        GgufModelValidator.Validate(path);

        using var weights = LLamaWeights.LoadFromFile(new ModelParams(path) { GpuLayerCount = 0 });

        Assert.Equal(TinyGlmModel.VocabularySize, weights.Vocab.Count);
        Assert.Equal(TinyGlmModel.Embedding, weights.EmbeddingSize);
    }

    [Fact]
    public void A_ChatGLM3_style_SentencePiece_vocabulary_is_accepted_by_both()
    {
        // convert_hf_to_gguf.py writes ChatGLM3-6B with tokenizer.ggml.model "llama", pre "chatglm-spm",
        // scores and no merges.
        var path = _directory.File("chatglm3-spm.gguf");
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, "tokenizer.ggml.model", GgufValue.String("llama"));
        TinyGlmModel.Replace(writer, "tokenizer.ggml.pre", GgufValue.String("chatglm-spm"));
        writer.RemoveMetadata("tokenizer.ggml.merges");
        writer.AddFloat32Array("tokenizer.ggml.scores", Enumerable.Range(0, TinyGlmModel.VocabularySize).Select(i => -(float)i));
        writer.WriteTo(path);

        var summary = GgufModelValidator.Validate(path);
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(path) { GpuLayerCount = 0 });

        Assert.Equal(("llama", "chatglm-spm"), (summary.TokenizerModel, summary.TokenizerPre));
        Assert.Equal(TinyGlmModel.VocabularySize, weights.Vocab.Count);
    }

    [Theory]
    [InlineData("wrong-magic")]
    [InlineData("cut-tokens")]
    [InlineData("no-merges")]
    [InlineData("wrong-shape")]
    [InlineData("missing-tensor")]
    public void Llama_cpp_reports_a_defect_only_as_a_generic_failure_and_keeps_working(string defect)
    {
        var path = _directory.File($"{defect}.gguf");
        WriteDefective(defect, path);

        var validation = Assert.Throws<GgufValidationException>(() => GgufModelValidator.Validate(path));
        var native = Assert.Throws<LoadWeightsFailedException>(() => LLamaWeights.LoadFromFile(new ModelParams(path) { GpuLayerCount = 0 }));

        // The native message is the same for every defect; ours names the file and the key or tensor.
        Assert.Equal($"Failed to load model '{path}'", native.Message);
        Assert.StartsWith(Path.GetFileName(path), validation.Message, StringComparison.Ordinal);

        // The process is alive and the library still loads a good model.
        var good = _directory.File("after.gguf");
        TinyGlmModel.CreateWriter().WriteTo(good);
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(good) { GpuLayerCount = 0 });
        Assert.Equal(TinyGlmModel.VocabularySize, weights.Vocab.Count);
    }

    private static void WriteDefective(string defect, string path)
    {
        var writer = TinyGlmModel.CreateWriter();
        switch (defect)
        {
            case "no-merges":
                writer.RemoveMetadata("tokenizer.ggml.merges");
                break;
            case "wrong-shape":
                writer.RemoveTensor("blk.0.ffn_up.weight");
                TinyGlmModel.AddRandom(writer, "blk.0.ffn_up.weight", [64, 128], 5);
                break;
            case "missing-tensor":
                writer.RemoveTensor("blk.1.attn_norm.weight");
                break;
        }

        writer.WriteTo(path);
        var bytes = File.ReadAllBytes(path);
        if (defect == "wrong-magic")
        {
            bytes[3] = (byte)'X';
        }
        else if (defect == "cut-tokens")
        {
            bytes = bytes[..(bytes.AsSpan().IndexOf("tokenizer.ggml.tokens"u8) + 600)];
        }

        File.WriteAllBytes(path, bytes);
    }
}
