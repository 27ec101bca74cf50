using Glm.Inference.Gguf;
using Glm.TestModels.Gguf;

namespace Glm.Inference.Tests.Gguf;

public sealed class GgufReaderTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Round_trips_every_metadata_type_and_the_tensor_table()
    {
        var writer = new GgufWriter(alignment: 64);
        writer.AddUInt8("u8", 200);
        writer.AddInt8("i8", -100);
        writer.AddUInt16("u16", 60000);
        writer.AddInt16("i16", -30000);
        writer.AddUInt32("u32", 4_000_000_000);
        writer.AddInt32("i32", -2_000_000_000);
        writer.AddUInt64("u64", ulong.MaxValue);
        writer.AddInt64("i64", long.MinValue);
        writer.AddFloat32("f32", 1.5f);
        writer.AddFloat64("f64", -2.25);
        writer.AddBool("bool", true);
        writer.AddString("str", "héllo 世界");
        writer.AddStringArray("strs", ["a", "", "Ġb", "<|user|>"]);
        writer.AddInt32Array("i32s", [1, -2, 3]);
        writer.AddFloat32Array("f32s", [0.5f, -1f]);
        writer.AddArray("u8s", new byte[] { 1, 2, 255 });
        writer.AddArray("i64s", new long[] { -1, long.MaxValue });
        writer.AddArray("f64s", new[] { 1.0, 2.0 });
        writer.AddArray("bools", new[] { true, false, true });
        writer.AddTensor("a", [32, 2], GgmlType.Q8_0, new float[64]);
        writer.AddTensor("b", [3], GgmlType.F32, new float[] { 1, 2, 3 });
        var path = _directory.File("all-types.gguf");
        writer.WriteTo(path);

        var file = GgufReader.Read(path);

        Assert.Equal(3u, file.Version);
        Assert.Equal(64u, file.Alignment);
        Assert.Equal(
            ["u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "f32", "f64", "bool", "str", "strs", "i32s", "f32s", "u8s", "i64s", "f64s", "bools", "general.alignment"],
            file.MetadataInOrder.Select(pair => pair.Key));
        Assert.Equal((byte)200, file.Metadata["u8"].Value);
        Assert.Equal((sbyte)-100, file.Metadata["i8"].Value);
        Assert.Equal((ushort)60000, file.Metadata["u16"].Value);
        Assert.Equal((short)-30000, file.Metadata["i16"].Value);
        Assert.Equal(4_000_000_000u, file.GetUInt32("u32"));
        Assert.Equal(-2_000_000_000, file.GetInt32("i32"));
        Assert.Equal(ulong.MaxValue, file.GetUInt64("u64"));
        Assert.Equal(long.MinValue, file.Metadata["i64"].Value);
        Assert.Equal(1.5f, file.GetFloat32("f32"));
        Assert.Equal(-2.25, file.Metadata["f64"].Value);
        Assert.True(file.GetBool("bool"));
        Assert.Equal("héllo 世界", file.GetString("str"));
        Assert.Equal(["a", "", "Ġb", "<|user|>"], file.GetStringArray("strs"));
        Assert.Equal([1, -2, 3], file.GetInt32Array("i32s"));
        Assert.Equal([0.5f, -1f], file.GetFloat32Array("f32s"));
        Assert.Equal(new byte[] { 1, 2, 255 }, file.Metadata["u8s"].Value);
        Assert.Equal(new long[] { -1, long.MaxValue }, file.Metadata["i64s"].Value);
        Assert.Equal(new[] { 1.0, 2.0 }, file.Metadata["f64s"].Value);
        Assert.Equal(new[] { true, false, true }, file.Metadata["bools"].Value);
        Assert.Equal("array of bool", file.Metadata["bools"].TypeName);

        Assert.Equal(["a", "b"], file.Tensors.Select(t => t.Name));
        var a = file.Tensors[0];
        var b = file.Tensors[1];
        Assert.Equal([32L, 2L], a.Dims);
        Assert.Equal(GgmlType.Q8_0, a.Type);
        Assert.Equal(68, a.ByteSize);
        Assert.Equal(0, file.DataOffset % 64);
        Assert.Equal(file.DataOffset, a.Offset);
        Assert.Equal(file.DataOffset + 128, b.Offset);
        Assert.Equal(new FileInfo(path).Length, file.FileLength);
        Assert.Equal(file.FileLength, b.Offset + 64);
    }

    [Fact]
    public void Reads_version_2_files()
    {
        var writer = new GgufWriter { Version = 2 };
        writer.AddString("general.architecture", "chatglm");
        var path = _directory.File("v2.gguf");
        writer.WriteTo(path);

        var file = GgufReader.Read(path);

        Assert.Equal(2u, file.Version);
        Assert.Equal("chatglm", file.Architecture);
    }

    [Fact]
    public void Typed_accessors_name_the_key_and_both_types()
    {
        var writer = new GgufWriter();
        writer.AddString("chatglm.block_count", "28");
        var path = _directory.File("types.gguf");
        writer.WriteTo(path);
        var file = GgufReader.Read(path);

        var wrongType = Assert.Throws<GgufValidationException>(() => file.GetUInt32("chatglm.block_count"));
        Assert.Equal("types.gguf: key 'chatglm.block_count' has type string, expected uint32", wrongType.Message);
        var wrongArray = Assert.Throws<GgufValidationException>(() => file.GetStringArray("chatglm.block_count"));
        Assert.Equal("types.gguf: key 'chatglm.block_count' has type string, expected array of string", wrongArray.Message);
        var missing = Assert.Throws<GgufValidationException>(() => file.GetString("general.name"));
        Assert.Equal("types.gguf is missing the required key 'general.name'", missing.Message);
        Assert.Equal("general.name", missing.Subject);
        Assert.Equal(path, missing.FilePath);
        Assert.False(file.TryGetString("general.name", out _));
    }

    [Fact]
    public void Reads_a_150k_token_vocabulary_quickly()
    {
        var tokens = Enumerable.Range(0, 150_000).Select(i => $"tok{i}").ToArray();
        var writer = new GgufWriter();
        writer.AddStringArray("tokenizer.ggml.tokens", tokens);
        writer.AddInt32Array("tokenizer.ggml.token_type", Enumerable.Repeat(1, tokens.Length));
        var path = _directory.File("big-vocab.gguf");
        writer.WriteTo(path);

        GgufReader.Read(path);
        var cpu = Support.ThreadCpuClock.StartNew();
        var file = GgufReader.Read(path);
        var spent = cpu.Elapsed;

        Assert.Equal("tok149999", file.GetStringArray("tokenizer.ggml.tokens")[^1]);
        // CPU time of this thread, which other processes on a shared machine cannot inflate; a per-byte or boxed reader
        // takes far longer.
        Assert.InRange(spent, TimeSpan.Zero, TimeSpan.FromMilliseconds(1500));
    }

    [Theory]
    [InlineData(GgmlType.F32, 1, 4)]
    [InlineData(GgmlType.F16, 1, 2)]
    [InlineData(GgmlType.BF16, 1, 2)]
    [InlineData(GgmlType.Q4_0, 32, 18)]
    [InlineData(GgmlType.Q4_1, 32, 20)]
    [InlineData(GgmlType.Q5_0, 32, 22)]
    [InlineData(GgmlType.Q5_1, 32, 24)]
    [InlineData(GgmlType.Q8_0, 32, 34)]
    [InlineData(GgmlType.Q2_K, 256, 84)]
    [InlineData(GgmlType.Q3_K, 256, 110)]
    [InlineData(GgmlType.Q4_K, 256, 144)]
    [InlineData(GgmlType.Q5_K, 256, 176)]
    [InlineData(GgmlType.Q6_K, 256, 210)]
    [InlineData(GgmlType.IQ4_NL, 32, 18)]
    [InlineData(GgmlType.IQ4_XS, 256, 136)]
    public void Knows_the_block_layout_of_common_types(GgmlType type, int blockSize, int blockBytes)
    {
        Assert.Equal(blockSize, GgmlTypeTraits.BlockSize(type));
        Assert.Equal(blockBytes, GgmlTypeTraits.BlockBytes(type));
    }

    [Fact]
    public void Locates_K_quant_tensors_written_as_raw_bytes()
    {
        var writer = new GgufWriter();
        writer.AddTensor("k", [512, 3], GgmlType.Q4_K, sink => sink.WriteBytes(new byte[2 * 144 * 3]));
        var path = _directory.File("q4k.gguf");
        writer.WriteTo(path);

        var tensor = GgufReader.Read(path).Tensors.Single();

        Assert.Equal(864, tensor.ByteSize);
        Assert.Equal(1536, tensor.ElementCount);
    }

    [Fact]
    public void Unknown_tensor_type_names_the_tensor()
    {
        var writer = new GgufWriter();
        writer.AddTensor("weights", [4], GgmlType.F32, new float[4]);
        var path = Patch(writer, "tensor-type.gguf", "weights", 7 + 4 + 8, 99);

        var error = Assert.Throws<GgufValidationException>(() => GgufReader.Read(path));
        Assert.Equal("tensor-type.gguf: tensor 'weights' has unknown ggml type 99", error.Message);
        Assert.Equal("weights", error.Subject);
    }

    [Fact]
    public void Unknown_value_type_names_the_key()
    {
        var writer = new GgufWriter();
        writer.AddUInt32("some.key", 1);
        var path = Patch(writer, "value-type.gguf", "some.key", 8, 77);

        var error = Assert.Throws<GgufValidationException>(() => GgufReader.Read(path));
        Assert.Equal("value-type.gguf: metadata key 'some.key' has unknown value type 77", error.Message);
    }

    [Fact]
    public void Duplicate_key_is_a_defect()
    {
        var writer = new GgufWriter();
        writer.AddUInt32("key.a", 1);
        writer.AddUInt32("key.b", 2);
        var path = Patch(writer, "duplicate.gguf", "key.b", 4, (byte)'a');

        var error = Assert.Throws<GgufValidationException>(() => GgufReader.Read(path));
        Assert.Equal("duplicate.gguf: metadata key 'key.a' appears twice", error.Message);
    }

    // Writes the file, then overwrites one byte at a distance from the first occurrence of a name.
    private string Patch(GgufWriter writer, string fileName, string anchor, int distance, byte value)
    {
        var path = _directory.File(fileName);
        writer.WriteTo(path);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(anchor)) + distance] = value;
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
