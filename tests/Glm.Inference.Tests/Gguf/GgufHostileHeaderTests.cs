using System.Text;
using Glm.Inference.Gguf;

namespace Glm.Inference.Tests.Gguf;

/// <summary>Headers patched by hand the way a hostile model file would be: sizes and counts that overflow or that
/// claim far more than the file holds. Each must be one clear defect, before anything is allocated for the claim.</summary>
public sealed class GgufHostileHeaderTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_tensor_whose_offset_plus_size_overflows_is_refused()
    {
        // dataOffset + offset still fits in a long; adding the tensor's 4 MiB does not (unchecked, it wrapped negative
        // and passed the "ends past the file" check).
        const ulong offset = (ulong)long.MaxValue - 4095 - ((ulong)long.MaxValue - 4095) % 32;
        var path = WriteTensorHeader(1 << 20, offset);

        var error = Assert.Throws<GgufValidationException>(() => GgufReader.Read(path));

        Assert.Equal($"hostile.gguf: tensor 't' has a size or data offset beyond 64-bit range (dims 1048576, offset {offset})", error.Message);
    }

    [Fact]
    public void A_tensor_offset_beyond_a_signed_64_bit_value_is_refused()
    {
        const ulong offset = ulong.MaxValue - 31;
        var path = WriteTensorHeader(32, offset);

        var error = Assert.Throws<GgufValidationException>(() => GgufReader.Read(path));

        Assert.Equal($"hostile.gguf: tensor 't' has a size or data offset beyond 64-bit range (dims 32, offset {offset})", error.Message);
    }

    [Fact]
    public void An_array_count_above_the_cap_is_refused_even_when_a_sparse_file_is_large_enough_to_hold_it()
    {
        var path = _directory.File("hostile.gguf");
        using (var stream = File.Create(path))
        using (var writer = new BinaryWriter(stream))
        {
            WriteHeader(writer, tensors: 0, metadata: 1);
            WriteString(writer, "tokenizer.ggml.scores");
            writer.Write((uint)GgufValueType.Array);
            writer.Write((uint)GgufValueType.UInt8);
            writer.Write(3_000_000_000UL);
            // 3 GB of apparent size that takes no disk: the count fits in what the file claims to hold.
            stream.SetLength(3_100_000_000L);
        }

        var error = Assert.Throws<GgufValidationException>(() => GgufReader.Read(path));

        Assert.Equal(
            $"hostile.gguf: metadata key 'tokenizer.ggml.scores' declares 3000000000 elements in metadata key 'tokenizer.ggml.scores', more than the {GgufReader.MaxArrayElements} this reader accepts",
            error.Message);
    }

    [Fact]
    public void A_string_longer_than_the_cap_is_refused_before_it_is_read()
    {
        var path = _directory.File("hostile.gguf");
        using (var stream = File.Create(path))
        using (var writer = new BinaryWriter(stream))
        {
            WriteHeader(writer, tensors: 0, metadata: 1);
            WriteString(writer, "tokenizer.chat_template");
            writer.Write((uint)GgufValueType.String);
            writer.Write(1_000_000_000UL);
            stream.SetLength(1_100_000_000L);
        }

        var error = Assert.Throws<GgufValidationException>(() => GgufReader.Read(path));

        Assert.Equal(
            $"hostile.gguf: metadata key 'tokenizer.chat_template' holds a string of 1000000000 bytes, more than the {GgufReader.MaxStringBytes} this reader accepts",
            error.Message);
    }

    private string WriteTensorHeader(long elements, ulong offset)
    {
        var path = _directory.File("hostile.gguf");
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        WriteHeader(writer, tensors: 1, metadata: 0);
        WriteString(writer, "t");
        writer.Write(1u);
        writer.Write(elements);
        writer.Write((uint)GgmlType.F32);
        writer.Write(offset);
        writer.Write(new byte[64]);
        return path;
    }

    private static void WriteHeader(BinaryWriter writer, ulong tensors, ulong metadata)
    {
        writer.Write("GGUF"u8);
        writer.Write(3u);
        writer.Write(tensors);
        writer.Write(metadata);
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }
}
