using System.Text;

namespace Glm.Inference.Models;

/// <summary>
/// Reads the metadata of a GGUF header (v2/v3) up to the tensor infos and keeps the keys a listing needs. Large arrays
/// (the vocabulary) are skipped, not kept, so probing a 5 GB model reads a few megabytes at most.
/// </summary>
public static class GgufHeaderProbe
{
    private const uint GgufMagic = 0x46554747; // "GGUF" read as a little-endian uint32.
    private const int MaxStringBytes = 1 << 24;

    /// <exception cref="InvalidDataException">The file is not a GGUF file or its header is damaged.</exception>
    public static GgufSummary Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (reader.ReadUInt32() != GgufMagic)
            {
                throw new InvalidDataException("not a GGUF file (wrong magic)");
            }

            var version = reader.ReadUInt32();
            if (version is not (2 or 3))
            {
                throw new InvalidDataException($"unsupported GGUF version {version}");
            }

            reader.ReadUInt64(); // Tensor count: not needed for a summary.
            var keyCount = reader.ReadUInt64();
            var values = new Dictionary<string, object>(StringComparer.Ordinal);
            for (ulong i = 0; i < keyCount; i++)
            {
                var key = ReadString(reader);
                var type = reader.ReadUInt32();
                var value = ReadValue(reader, type);
                if (value is not null && (key.StartsWith("general.", StringComparison.Ordinal) || key.EndsWith(".context_length", StringComparison.Ordinal)))
                {
                    values[key] = value;
                }
            }

            var architecture = values.GetValueOrDefault("general.architecture") as string
                ?? throw new InvalidDataException("the header has no general.architecture");
            return new GgufSummary(
                architecture,
                values.GetValueOrDefault("general.name") as string,
                values.GetValueOrDefault("general.file_type") is { } fileType ? GgufFileTypes.Name(Convert.ToInt64(fileType)) : null,
                values.GetValueOrDefault($"{architecture}.context_length") is { } context ? Convert.ToInt64(context) : null);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("the header is truncated");
        }
    }

    private static string ReadString(BinaryReader reader)
    {
        var length = reader.ReadUInt64();
        if (length > MaxStringBytes)
        {
            throw new InvalidDataException($"a string of {length} bytes in the header is implausible");
        }

        return Encoding.UTF8.GetString(reader.ReadBytes(checked((int)length)));
    }

    /// <summary>Returns scalars and strings; arrays are skipped and return null.</summary>
    private static object? ReadValue(BinaryReader reader, uint type)
    {
        switch (type)
        {
            case 0: return reader.ReadByte();
            case 1: return reader.ReadSByte();
            case 2: return reader.ReadUInt16();
            case 3: return reader.ReadInt16();
            case 4: return reader.ReadUInt32();
            case 5: return reader.ReadInt32();
            case 6: return reader.ReadSingle();
            case 7: return reader.ReadByte() != 0;
            case 8: return ReadString(reader);
            case 9:
                SkipArray(reader);
                return null;
            case 10: return reader.ReadUInt64();
            case 11: return reader.ReadInt64();
            case 12: return reader.ReadDouble();
            default: throw new InvalidDataException($"unknown metadata value type {type}");
        }
    }

    private static void SkipArray(BinaryReader reader)
    {
        var elementType = reader.ReadUInt32();
        var count = reader.ReadUInt64();
        var fixedSize = elementType switch
        {
            0 or 1 or 7 => 1,
            2 or 3 => 2,
            4 or 5 or 6 => 4,
            10 or 11 or 12 => 8,
            _ => 0,
        };
        if (fixedSize > 0)
        {
            reader.BaseStream.Seek(checked((long)count * fixedSize), SeekOrigin.Current);
            if (reader.BaseStream.Position > reader.BaseStream.Length)
            {
                throw new EndOfStreamException();
            }

            return;
        }

        for (ulong i = 0; i < count; i++)
        {
            ReadValue(reader, elementType);
        }
    }
}
