using Glm.Inference.Gguf;
using Glm.TestModels.Gguf;

namespace Glm.Inference.Tests.Gguf;

public class GgufWriterTests
{
    [Fact]
    public void Writes_the_exact_GGUF_v3_layout_with_32_byte_alignment()
    {
        var writer = new GgufWriter();
        writer.AddString("general.architecture", "chatglm");
        writer.AddTensor("t", [4], GgmlType.F32, new float[] { 1, 2, 3, 4 });

        var bytes = WriteToMemory(writer);

        var expected =
            "47475546" + "03000000" + "0100000000000000" + "0100000000000000" // magic, version, tensors, keys
            + "1400000000000000" + Hex("general.architecture") + "08000000" + "0700000000000000" + Hex("chatglm")
            + "0100000000000000" + Hex("t") + "01000000" + "0400000000000000" + "00000000" + "0000000000000000"
            + new string('0', 24 * 2) // the header is 104 bytes: pad to 128
            + "0000803F" + "00000040" + "00004040" + "00008040"
            + new string('0', 16 * 2); // the tensor is 16 bytes: pad to 32
        Assert.Equal(expected, Convert.ToHexString(bytes));
    }

    [Fact]
    public void A_non_default_alignment_is_written_as_general_alignment_and_pads_every_tensor()
    {
        var writer = new GgufWriter(alignment: 64);
        writer.AddTensor("a", [32], GgmlType.Q8_0, new float[32]);
        writer.AddTensor("b", [2], GgmlType.F16, new float[] { 1, -2 });

        var bytes = WriteToMemory(writer);

        var keyBytes = Hex("general.alignment") + "04000000" + "40000000";
        Assert.Contains(keyBytes, Convert.ToHexString(bytes), StringComparison.Ordinal);
        // header 24 + key (8+17+4+4 = 33) + two tensor infos (8+1+4+8+4+8 = 33 each) = 123 -> data at 128;
        // tensor a is 34 bytes -> b starts at 128 + 64; b is 4 bytes -> the file ends at 256.
        Assert.Equal(256, bytes.Length);
        Assert.Equal("003C00C0", Convert.ToHexString(bytes, 192, 4));
    }

    [Fact]
    public void Streams_tensor_data_from_a_fill_callback_in_several_writes()
    {
        var writer = new GgufWriter();
        writer.AddTensor("rows", [32, 3], GgmlType.Q4_0, sink =>
        {
            for (var row = 0; row < 3; row++)
            {
                sink.Write(new float[32]);
            }
        });

        var bytes = WriteToMemory(writer);

        // 3 rows of one zero Q4_0 block: every nibble is 8 and d = 0 / -8 = -0.0, fp16 0x8000, as in ggml.
        var data = Convert.ToHexString(bytes, bytes.Length - 64, 54);
        Assert.Equal(string.Concat(Enumerable.Repeat("0080" + new string('8', 32), 3)), data);
    }

    [Fact]
    public void Large_writes_are_encoded_in_parallel_with_the_same_bytes()
    {
        var random = new Random(3);
        var values = new float[1 << 17];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextDouble() - 0.5f;
        }

        var writer = new GgufWriter();
        writer.AddTensor("big", [values.Length], GgmlType.Q4_0, values);
        var bytes = WriteToMemory(writer);

        var serial = new byte[GgmlTypeTraits.RowBytes(GgmlType.Q4_0, values.Length)];
        GgmlQuantization.QuantizeQ4_0(values, serial);
        Assert.True(serial.AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - serial.Length)));
    }

    [Fact]
    public void A_fill_callback_that_writes_too_little_fails_with_the_tensor_name()
    {
        var writer = new GgufWriter();
        writer.AddTensor("short", [64], GgmlType.F32, sink => sink.Write(new float[32]));

        var error = Assert.Throws<InvalidOperationException>(() => WriteToMemory(writer));
        Assert.Equal("Tensor 'short' received 128 bytes of data, expected 256.", error.Message);
    }

    [Fact]
    public void A_fill_callback_that_writes_too_much_fails_before_writing_it()
    {
        var writer = new GgufWriter();
        writer.AddTensor("long", [32], GgmlType.Q8_0, sink => sink.Write(new float[64]));

        var error = Assert.Throws<InvalidOperationException>(() => WriteToMemory(writer));
        Assert.Equal("Tensor 'long' would receive 68 bytes of data, more than its 34.", error.Message);
    }

    [Fact]
    public void WriteTo_a_path_replaces_the_file_atomically_and_leaves_no_temporary_file()
    {
        var directory = Directory.CreateTempSubdirectory("gguf-writer-");
        try
        {
            var path = Path.Combine(directory.FullName, "m.gguf");
            File.WriteAllText(path, "old");
            var writer = new GgufWriter();
            writer.AddUInt32("k", 7);
            writer.WriteTo(path);

            Assert.Equal(["m.gguf"], directory.GetFiles().Select(f => f.Name));
            Assert.Equal("47475546", Convert.ToHexString(File.ReadAllBytes(path), 0, 4));

            var failing = new GgufWriter();
            failing.AddTensor("x", [4], GgmlType.F32, _ => throw new InvalidDataException("generator failed"));
            Assert.Throws<InvalidDataException>(() => failing.WriteTo(path));
            Assert.Equal(["m.gguf"], directory.GetFiles().Select(f => f.Name));
            Assert.Equal(64, new FileInfo(path).Length);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    internal static byte[] WriteToMemory(GgufWriter writer)
    {
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return stream.ToArray();
    }

    private static string Hex(string text) => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(text));
}
