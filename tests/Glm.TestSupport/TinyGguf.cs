using System.Text;

namespace Glm.TestSupport;

/// <summary>Writes GGUF v3 headers with a handful of metadata keys and no tensors: enough for listing tests.</summary>
public static class TinyGguf
{
    public static void Write(string path, string architecture, string? name, uint? fileType, uint contextLength = 8192)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new BinaryWriter(File.Create(path), Encoding.UTF8);
        var keys = 4 + (name is null ? 0 : 1) + (fileType is null ? 0 : 1);
        writer.Write(0x46554747u);
        writer.Write(3u);
        writer.Write(0ul);
        writer.Write((ulong)keys);
        WriteString(writer, "general.architecture");
        writer.Write(8u);
        WriteString(writer, architecture);
        if (name is not null)
        {
            WriteString(writer, "general.name");
            writer.Write(8u);
            WriteString(writer, name);
        }

        // A vocabulary array and a number array before the remaining keys: the probe must skip both.
        WriteString(writer, "tokenizer.ggml.tokens");
        writer.Write(9u);
        writer.Write(8u);
        writer.Write(3ul);
        WriteString(writer, "<|endoftext|>");
        WriteString(writer, "[gMASK]");
        WriteString(writer, "你好");
        WriteString(writer, "tokenizer.ggml.token_type");
        writer.Write(9u);
        writer.Write(5u);
        writer.Write(3ul);
        writer.Write(3);
        writer.Write(3);
        writer.Write(1);
        if (fileType is not null)
        {
            WriteString(writer, "general.file_type");
            writer.Write(4u);
            writer.Write(fileType.Value);
        }

        WriteString(writer, $"{architecture}.context_length");
        writer.Write(4u);
        writer.Write(contextLength);
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }
}
