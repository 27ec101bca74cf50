using Glm.Inference.Gguf;
using Glm.TestModels;
using Glm.TestModels.Gguf;

namespace Glm.Inference.Tests.Gguf;

/// <summary>One test per defect: the validator's exact message, naming the file and the key or tensor.</summary>
public sealed class GgufModelValidatorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_valid_chatglm_model_passes_and_is_summarised()
    {
        var path = Write(TinyGlmModel.CreateWriter(), "valid.gguf");

        var summary = GgufModelValidator.Validate(path);

        Assert.Equal("chatglm", summary.Architecture);
        Assert.Equal("tiny-chatglm", summary.Name);
        Assert.Equal("gpt2", summary.TokenizerModel);
        Assert.Equal("chatglm-bpe", summary.TokenizerPre);
        Assert.Equal(GgmlType.F32, summary.DominantTensorType);
        var p = summary.HyperParameters;
        Assert.Equal((64u, 128u, 2u, 4u, 2u, 300), (p.EmbeddingLength, p.FeedForwardLength, p.BlockCount, p.HeadCount, p.HeadCountKv, p.VocabularySize));
        Assert.Equal(128, p.FusedQkvWidth);
        // embd + output (64*300 each) + output_norm 64 + per block: 64 + 64*128 + 128 + 64*64 + 64 + 64*256 + 128*64.
        Assert.Equal((2 * 64 * 300) + 64 + (2 * (64 + (64 * 128) + 128 + (64 * 64) + 64 + (64 * 256) + (128 * 64))), summary.ParameterCount);
    }

    [Fact]
    public void A_valid_glm4_model_with_post_norms_and_a_tied_output_passes()
    {
        var writer = TinyGlmModel.CreateWriter("glm4");
        writer.RemoveTensor("output.weight");
        var path = Write(writer, "glm4.gguf");

        Assert.Equal("glm4", GgufModelValidator.Validate(path).Architecture);
    }

    [Fact]
    public void Separate_q_k_v_projections_are_accepted_instead_of_the_fused_one()
    {
        var writer = TinyGlmModel.CreateWriter();
        for (var n = 0; n < TinyGlmModel.Blocks; n++)
        {
            writer.RemoveTensor($"blk.{n}.attn_qkv.weight");
            writer.RemoveTensor($"blk.{n}.attn_qkv.bias");
            TinyGlmModel.AddRandom(writer, $"blk.{n}.attn_q.weight", [64, 64], 1);
            TinyGlmModel.AddRandom(writer, $"blk.{n}.attn_k.weight", [64, 32], 2);
            TinyGlmModel.AddRandom(writer, $"blk.{n}.attn_v.weight", [64, 32], 3);
        }

        var path = Write(writer, "split-qkv.gguf");

        Assert.Equal("chatglm", GgufModelValidator.Validate(path).Architecture);
    }

    [Fact]
    public void The_predictable_test_model_passes()
    {
        var summary = GgufModelValidator.Validate(TestModelFiles.Predictable());

        Assert.Equal("chatglm", summary.Architecture);
        Assert.Equal("chatglm-bpe", summary.TokenizerPre);
    }

    [Fact]
    public void Wrong_magic()
    {
        var path = WriteCorrupted("wrong-magic.gguf", bytes => bytes[3] = (byte)'X');
        AssertDefect(path, null, "wrong-magic.gguf is not a GGUF file (magic 'GGUX')");
    }

    [Fact]
    public void Wrong_magic_with_unprintable_bytes_is_escaped()
    {
        var path = _directory.File("binary.gguf");
        File.WriteAllBytes(path, [0x00, 0x01, (byte)'\'', 0xFF, .. new byte[40]]);
        AssertDefect(path, null, "binary.gguf is not a GGUF file (magic '\\x00\\x01\\x27\\xFF')");
    }

    [Fact]
    public void File_shorter_than_a_header()
    {
        var path = _directory.File("short.gguf");
        File.WriteAllBytes(path, "GGUF\u0003\0\0\0\0\0"u8.ToArray());
        AssertDefect(path, null, "short.gguf is too short to be a GGUF file (10 bytes; the header alone takes 24)");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Unsupported_version(byte version)
    {
        var path = WriteCorrupted($"v{version}.gguf", bytes => bytes[4] = version);
        AssertDefect(path, null, $"v{version}.gguf has GGUF version {version}, which is not supported (supported: 2, 3)");
    }

    [Fact]
    public void Header_cut_inside_the_token_list_names_the_key()
    {
        var path = Write(TinyGlmModel.CreateWriter(), "cut-tokens.gguf");
        var bytes = File.ReadAllBytes(path);
        var keyAt = bytes.AsSpan().IndexOf("tokenizer.ggml.tokens"u8);
        File.WriteAllBytes(path, bytes[..(keyAt + 600)]);

        AssertDefect(path, "tokenizer.ggml.tokens", $"cut-tokens.gguf is truncated: the file ends inside metadata key 'tokenizer.ggml.tokens' (file size {keyAt + 600} bytes)");
    }

    [Fact]
    public void Header_cut_inside_the_tensor_table_names_the_tensor()
    {
        var path = Write(TinyGlmModel.CreateWriter(), "cut-table.gguf");
        var bytes = File.ReadAllBytes(path);
        var nameAt = bytes.AsSpan().IndexOf("blk.1.ffn_up.weight"u8);
        File.WriteAllBytes(path, bytes[..(nameAt + 25)]);

        AssertDefect(path, "blk.1.ffn_up.weight", $"cut-table.gguf is truncated: the file ends inside the tensor table entry of 'blk.1.ffn_up.weight' (file size {nameAt + 25} bytes)");
    }

    [Fact]
    public void Tensor_data_past_the_end_of_the_file()
    {
        var path = Write(TinyGlmModel.CreateWriter(), "cut-data.gguf");
        var output = GgufReader.Read(path).Tensors[^1];
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(output.End - 100)]);

        Assert.Equal("output.weight", output.Name);
        AssertDefect(path, "output.weight", $"cut-data.gguf is truncated: tensor 'output.weight' ends at byte {output.End} but the file has {output.End - 100} bytes");
    }

    [Fact]
    public void Tensor_data_one_byte_short()
    {
        var path = Write(TinyGlmModel.CreateWriter(), "one-byte-short.gguf");
        var output = GgufReader.Read(path).Tensors[^1];
        var bytes = File.ReadAllBytes(path);
        // The last tensor ends the file exactly, so the whole file passes and one byte less does not.
        Assert.Equal(bytes.Length, output.End);
        GgufModelValidator.Validate(path);
        File.WriteAllBytes(path, bytes[..^1]);

        AssertDefect(path, "output.weight", $"one-byte-short.gguf is truncated: tensor 'output.weight' ends at byte {output.End} but the file has {output.End - 1} bytes");
    }

    [Fact]
    public void Tensor_offset_one_alignment_step_past_its_place_runs_past_the_end()
    {
        var path = Write(TinyGlmModel.CreateWriter(), "offset-past-end.gguf");
        var file = GgufReader.Read(path);
        var output = file.Tensors[^1];
        var bytes = File.ReadAllBytes(path);
        // The offset field is the last 8 bytes of the tensor's table entry, which ends where the padding before the data begins.
        var name = "output.weight"u8.ToArray();
        var entry = bytes.AsSpan().LastIndexOf([.. BitConverter.GetBytes((ulong)name.Length), .. name]);
        var at = entry + 8 + name.Length + 4 + (8 * output.Dims.Count) + 4;
        Assert.Equal((ulong)(output.Offset - file.DataOffset), BitConverter.ToUInt64(bytes, at));
        BitConverter.GetBytes((ulong)(output.Offset - file.DataOffset + file.Alignment)).CopyTo(bytes, at);
        File.WriteAllBytes(path, bytes);

        AssertDefect(path, "output.weight", $"offset-past-end.gguf is truncated: tensor 'output.weight' ends at byte {output.End + file.Alignment} but the file has {bytes.Length} bytes");
    }

    [Fact]
    public void Missing_architecture()
    {
        var writer = TinyGlmModel.CreateWriter();
        writer.RemoveMetadata("general.architecture");
        AssertDefect(Write(writer, "no-arch.gguf"), "general.architecture", "no-arch.gguf has no 'general.architecture' key, so its model type is unknown (supported: chatglm, glm4)");
    }

    [Fact]
    public void Unknown_architecture()
    {
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, "general.architecture", GgufValue.String("llama"));
        AssertDefect(Write(writer, "llama.gguf"), "general.architecture", "llama.gguf has architecture 'llama', which is not supported (supported: chatglm, glm4)");
    }

    [Theory]
    [InlineData("chatglm.context_length")]
    [InlineData("chatglm.embedding_length")]
    [InlineData("chatglm.feed_forward_length")]
    [InlineData("chatglm.block_count")]
    [InlineData("chatglm.attention.head_count")]
    [InlineData("chatglm.attention.head_count_kv")]
    [InlineData("chatglm.attention.layer_norm_rms_epsilon")]
    [InlineData("chatglm.rope.dimension_count")]
    [InlineData("chatglm.rope.freq_base")]
    [InlineData("tokenizer.ggml.model")]
    [InlineData("tokenizer.ggml.tokens")]
    public void Missing_required_key(string key)
    {
        var writer = TinyGlmModel.CreateWriter();
        writer.RemoveMetadata(key);
        AssertDefect(Write(writer, "missing-key.gguf"), key, $"missing-key.gguf is missing the required key '{key}'");
    }

    [Fact]
    public void Required_key_with_the_wrong_type()
    {
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, "chatglm.block_count", GgufValue.Scalar(2L));
        AssertDefect(Write(writer, "key-type.gguf"), "chatglm.block_count", "key-type.gguf: key 'chatglm.block_count' has type int64, expected uint32");
    }

    [Fact]
    public void Token_list_with_the_wrong_type()
    {
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, "tokenizer.ggml.tokens", GgufValue.Array(new[] { 1, 2, 3 }));
        AssertDefect(Write(writer, "tokens-type.gguf"), "tokenizer.ggml.tokens", "tokens-type.gguf: key 'tokenizer.ggml.tokens' has type array of int32, expected array of string");
    }

    [Fact]
    public void Unsupported_tokenizer_model()
    {
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, "tokenizer.ggml.model", GgufValue.String("bert"));
        AssertDefect(Write(writer, "bert.gguf"), "tokenizer.ggml.model", "bert.gguf: tokenizer.ggml.model is 'bert', expected 'gpt2' (GLM-4 BPE) or 'llama' (ChatGLM3 SentencePiece)");
    }

    [Fact]
    public void Unknown_pre_tokenizer()
    {
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, "tokenizer.ggml.pre", GgufValue.String("chatglm-xyz"));
        AssertDefect(Write(writer, "pre.gguf"), "tokenizer.ggml.pre", "pre.gguf: tokenizer.ggml.pre 'chatglm-xyz' is not a pre-tokenizer llama.cpp knows (GLM models use 'chatglm-bpe' or 'glm4')");
    }

    [Fact]
    public void Glm4_pre_tokenizer_name_is_accepted()
    {
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, "tokenizer.ggml.pre", GgufValue.String("glm4"));
        Assert.Equal("glm4", GgufModelValidator.Validate(Write(writer, "pre-glm4.gguf")).TokenizerPre);
    }

    [Fact]
    public void Missing_merges_for_a_bpe_vocabulary()
    {
        var writer = TinyGlmModel.CreateWriter();
        writer.RemoveMetadata("tokenizer.ggml.merges");
        AssertDefect(Write(writer, "no-merges.gguf"), "tokenizer.ggml.merges", "no-merges.gguf has a gpt2 (BPE) vocabulary but no 'tokenizer.ggml.merges' key");
    }

    [Fact]
    public void Token_types_that_do_not_match_the_token_count()
    {
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, "tokenizer.ggml.token_type", GgufValue.Array(new[] { 1, 1 }));
        AssertDefect(Write(writer, "types.gguf"), "tokenizer.ggml.token_type", "types.gguf: tokenizer.ggml.token_type has 2 entries but tokenizer.ggml.tokens has 300");
    }

    [Fact]
    public void Tensor_with_the_wrong_shape()
    {
        var writer = TinyGlmModel.CreateWriter();
        writer.RemoveTensor("blk.1.attn_qkv.weight");
        TinyGlmModel.AddRandom(writer, "blk.1.attn_qkv.weight", [64, 192], 9);
        AssertDefect(
            Write(writer, "qkv-shape.gguf"),
            "blk.1.attn_qkv.weight",
            "qkv-shape.gguf: tensor 'blk.1.attn_qkv.weight' has shape [64, 192], expected [64, 128] = [embedding_length, embedding_length + 2 * head_dim * head_count_kv]");
    }

    [Fact]
    public void Embedding_rows_that_do_not_match_the_vocabulary()
    {
        var writer = TinyGlmModel.CreateWriter();
        writer.RemoveTensor("token_embd.weight");
        TinyGlmModel.AddRandom(writer, "token_embd.weight", [64, 299], 9);
        AssertDefect(
            Write(writer, "vocab.gguf"),
            "token_embd.weight",
            "vocab.gguf: tensor 'token_embd.weight' has shape [64, 299], expected [64, 300] = [embedding_length, token count]");
    }

    [Fact]
    public void Missing_tensor()
    {
        var writer = TinyGlmModel.CreateWriter();
        writer.RemoveTensor("blk.1.ffn_down.weight");
        AssertDefect(Write(writer, "no-ffn-down.gguf"), "blk.1.ffn_down.weight", "no-ffn-down.gguf is missing the tensor 'blk.1.ffn_down.weight'");
    }

    [Fact]
    public void Chatglm_needs_its_output_head()
    {
        var writer = TinyGlmModel.CreateWriter();
        writer.RemoveTensor("output.weight");
        AssertDefect(Write(writer, "no-output.gguf"), "output.weight", "no-output.gguf is missing the tensor 'output.weight'");
    }

    [Fact]
    public void Glm4_needs_its_post_norms()
    {
        var writer = TinyGlmModel.CreateWriter("glm4");
        writer.RemoveTensor("blk.0.post_ffw_norm.weight");
        AssertDefect(Write(writer, "glm4-norm.gguf"), "blk.0.post_ffw_norm.weight", "glm4-norm.gguf is missing the tensor 'blk.0.post_ffw_norm.weight'");
    }

    [Fact]
    public void Tensor_the_architecture_does_not_use()
    {
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.AddRandom(writer, "blk.2.attn_norm.weight", [64], 9);
        AssertDefect(Write(writer, "extra.gguf"), "blk.2.attn_norm.weight", "extra.gguf has a tensor 'blk.2.attn_norm.weight' that a chatglm model with 2 blocks does not use");
    }

    [Fact]
    public void Head_count_that_does_not_divide_the_embedding()
    {
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, "chatglm.attention.head_count", GgufValue.Scalar(6u));
        AssertDefect(Write(writer, "heads.gguf"), "chatglm.attention.head_count", "heads.gguf: chatglm.embedding_length 64 is not divisible by chatglm.attention.head_count 6");
    }

    [Theory]
    [InlineData("chatglm.context_length")]
    [InlineData("chatglm.embedding_length")]
    [InlineData("chatglm.feed_forward_length")]
    [InlineData("chatglm.block_count")]
    [InlineData("chatglm.attention.head_count")]
    [InlineData("chatglm.attention.head_count_kv")]
    public void Size_of_zero(string key)
    {
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, key, GgufValue.Scalar(0u));
        AssertDefect(Write(writer, "zero.gguf"), key, $"zero.gguf: key '{key}' is 0, expected a positive number");
    }

    [Fact]
    public void Empty_token_list()
    {
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, "tokenizer.ggml.tokens", GgufValue.Array(Array.Empty<string>()));
        AssertDefect(Write(writer, "no-tokens.gguf"), "tokenizer.ggml.tokens", "no-tokens.gguf: tokenizer.ggml.tokens is empty");
    }

    [Fact]
    public void Kv_head_count_that_does_not_divide_the_head_count()
    {
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, "chatglm.attention.head_count_kv", GgufValue.Scalar(3u));
        AssertDefect(Write(writer, "kv-heads.gguf"), "chatglm.attention.head_count_kv", "kv-heads.gguf: chatglm.attention.head_count 4 is not divisible by chatglm.attention.head_count_kv 3");
    }

    [Fact]
    public void Merges_with_the_wrong_type()
    {
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, "tokenizer.ggml.merges", GgufValue.Scalar(1u));
        AssertDefect(Write(writer, "merges-type.gguf"), "tokenizer.ggml.merges", "merges-type.gguf: key 'tokenizer.ggml.merges' has type uint32, expected array of string");
    }

    [Fact]
    public void A_sentencepiece_vocabulary_needs_no_merges_and_keeps_its_pre_tokenizer_name_unchecked()
    {
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, "tokenizer.ggml.model", GgufValue.String("llama"));
        TinyGlmModel.Replace(writer, "tokenizer.ggml.pre", GgufValue.String("spm-anything"));
        writer.RemoveMetadata("tokenizer.ggml.merges");

        var summary = GgufModelValidator.Validate(Write(writer, "spm.gguf"));

        Assert.Equal("llama", summary.TokenizerModel);
        Assert.Equal("spm-anything", summary.TokenizerPre);
    }

    [Fact]
    public void An_empty_model_name_is_no_name()
    {
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, "general.name", GgufValue.String(""));

        Assert.Null(GgufModelValidator.Validate(Write(writer, "no-name.gguf")).Name);
    }

    [Fact]
    public void A_null_file_is_refused_by_name() =>
        Assert.Equal("file", Assert.Throws<ArgumentNullException>(() => GgufModelValidator.Validate((GgufFile)null!)).ParamName);

    [Fact]
    public void The_dominant_type_holds_the_most_bytes_in_total_not_the_largest_tensor()
    {
        // token_embd stays F32 (the largest tensor, 76800 bytes); every other tensor becomes F16 (more bytes in total).
        var writer = TinyGlmModel.CreateWriter();
        var parameters = GgufModelValidator.Validate(Write(writer, "all-f32.gguf")).HyperParameters;
        foreach (var tensor in GlmTensorLayout.Expected(parameters, _ => true).Where(t => t.Name != "token_embd.weight"))
        {
            Assert.True(writer.RemoveTensor(tensor.Name), tensor.Name);
            writer.AddTensor(tensor.Name, tensor.Shape, GgmlType.F16, new float[tensor.Shape.Aggregate(1L, (a, b) => a * b)]);
        }

        Assert.Equal(GgmlType.F16, GgufModelValidator.Validate(Write(writer, "mostly-f16.gguf")).DominantTensorType);
    }

    private string Write(GgufWriter writer, string name)
    {
        var path = _directory.File(name);
        writer.WriteTo(path);
        return path;
    }

    private string WriteCorrupted(string name, Action<byte[]> corrupt)
    {
        var path = Write(TinyGlmModel.CreateWriter(), name);
        var bytes = File.ReadAllBytes(path);
        corrupt(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void AssertDefect(string path, string? subject, string message)
    {
        var error = Assert.Throws<GgufValidationException>(() => GgufModelValidator.Validate(path));
        Assert.Equal(message, error.Message);
        Assert.Equal(subject, error.Subject);
        Assert.Equal(path, error.FilePath);
    }
}
