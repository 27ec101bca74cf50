using System.Buffers;
using System.Text;

namespace Glm.Inference.Gguf;

/// <summary>
/// Reads the header of a GGUF file (versions 2 and 3, little endian): metadata of every type and the
/// tensor table. Tensor data is only located, never read. Every defect becomes a
/// <see cref="GgufValidationException"/> that says where the file went wrong (for a truncated file,
/// the metadata key or tensor being read when the bytes ran out).
/// </summary>
public static class GgufReader
{
    /// <summary>Bytes of the fixed header: magic, version, tensor count, metadata count.</summary>
    public const int HeaderSize = 24;

    /// <summary>Most metadata entries and tensors a header may declare (GLM-4-9B has 25 and 283).</summary>
    public const ulong MaxEntries = 1 << 16;

    /// <summary>Most elements of one metadata array (GLM-4's vocabulary has 151,552 tokens).</summary>
    public const ulong MaxArrayElements = 1 << 21;

    /// <summary>Longest string (a chat template is a few KB).</summary>
    public const ulong MaxStringBytes = 1 << 22;

    private static readonly byte[] Magic = "GGUF"u8.ToArray();

    /// <summary>Reads the header, metadata and tensor table of the file at <paramref name="path"/>.</summary>
    public static GgufFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var fileName = Path.GetFileName(fullPath);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"{fileName} does not exist ({fullPath})", fullPath);
        }

        // A FIFO or a device reports length 0 and would block or stream forever when opened: refuse anything too
        // short to hold a GGUF header before opening it (found by the hardening tests: a FIFO as the model path hung the load).
        var length = new FileInfo(fullPath).Length;
        if (length < HeaderSize)
        {
            throw new GgufValidationException(
                fullPath, null, $"{fileName} is too short to be a GGUF file ({length} bytes; the header alone takes {HeaderSize})");
        }

        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var state = new ReadState(stream, reader, fullPath);
        return state.ReadFile();
    }

    /// <summary>Renders 4 magic bytes as ASCII, escaping anything unprintable as \xNN.</summary>
    internal static string DescribeMagic(ReadOnlySpan<byte> magic)
    {
        var text = new StringBuilder();
        foreach (var b in magic)
        {
            if (b is >= 0x20 and < 0x7F && b != (byte)'\'' && b != (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append($"\\x{b:X2}");
            }
        }

        return text.ToString();
    }

    /// <summary>The mutable cursor of one read: stream, path and what is being read (for truncation messages).</summary>
    private sealed class ReadState(FileStream stream, BinaryReader reader, string fullPath)
    {
        private readonly BinaryReader _reader = reader;
        private readonly long _length = stream.Length;
        private readonly string _fileName = Path.GetFileName(fullPath);

        // What the reader is inside when the bytes run out: "metadata key 'x'", "tensor 'y'", ...
        private string _context = "the header";
        private string? _subject;

        public GgufFile ReadFile()
        {
            if (_length < HeaderSize)
            {
                ReadOnlySpan<byte> start = _reader.ReadBytes((int)_length);
                if (start.Length >= 4 && !start[..4].SequenceEqual(Magic))
                {
                    throw Defect(null, $" is not a GGUF file (magic '{DescribeMagic(start[..4])}')");
                }

                throw Defect(null, $" is too short to be a GGUF file ({_length} bytes; the header alone takes {HeaderSize})");
            }

            var magic = _reader.ReadBytes(4);
            if (!magic.AsSpan().SequenceEqual(Magic))
            {
                throw Defect(null, $" is not a GGUF file (magic '{DescribeMagic(magic)}')");
            }

            var version = _reader.ReadUInt32();
            if (version is < 2 or > 3)
            {
                throw Defect(null, $" has GGUF version {version}, which is not supported (supported: 2, 3)");
            }

            var tensorCount = _reader.ReadUInt64();
            var metadataCount = _reader.ReadUInt64();
            try
            {
                var metadata = ReadMetadata(metadataCount);
                var alignment = ReadAlignment(metadata);
                var tensors = ReadTensorTable(tensorCount, alignment);
                return new GgufFile(fullPath, version, metadata, tensors.Tensors, alignment, tensors.DataOffset, _length);
            }
            catch (EndOfStreamException e)
            {
                throw Defect(_subject, $" is truncated: the file ends inside {_context} (file size {_length} bytes)", e);
            }
        }

        private List<KeyValuePair<string, GgufValue>> ReadMetadata(ulong count)
        {
            // Each entry takes at least 12 bytes (key length + type); a larger count cannot be genuine.
            EnsureWithinCap(count, MaxEntries, "metadata entries");
            EnsureRemaining(count, 12, "the metadata table");
            var metadata = new List<KeyValuePair<string, GgufValue>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (ulong i = 0; i < count; i++)
            {
                _context = $"metadata entry {i + 1} of {count}";
                _subject = null;
                var key = ReadString();
                _context = $"metadata key '{key}'";
                _subject = key;
                if (!seen.Add(key))
                {
                    throw Defect(key, $": metadata key '{key}' appears twice");
                }

                var type = (GgufValueType)_reader.ReadUInt32();
                metadata.Add(new(key, ReadValue(key, type)));
            }

            return metadata;
        }

        private GgufValue ReadValue(string key, GgufValueType type) => type switch
        {
            GgufValueType.UInt8 => GgufValue.Scalar(_reader.ReadByte()),
            GgufValueType.Int8 => GgufValue.Scalar(_reader.ReadSByte()),
            GgufValueType.UInt16 => GgufValue.Scalar(_reader.ReadUInt16()),
            GgufValueType.Int16 => GgufValue.Scalar(_reader.ReadInt16()),
            GgufValueType.UInt32 => GgufValue.Scalar(_reader.ReadUInt32()),
            GgufValueType.Int32 => GgufValue.Scalar(_reader.ReadInt32()),
            GgufValueType.UInt64 => GgufValue.Scalar(_reader.ReadUInt64()),
            GgufValueType.Int64 => GgufValue.Scalar(_reader.ReadInt64()),
            GgufValueType.Float32 => GgufValue.Scalar(_reader.ReadSingle()),
            GgufValueType.Float64 => GgufValue.Scalar(_reader.ReadDouble()),
            GgufValueType.Bool => GgufValue.Scalar(ReadBool(key)),
            GgufValueType.String => GgufValue.String(ReadString()),
            GgufValueType.Array => ReadArray(key),
            _ => throw Defect(key, $": metadata key '{key}' has unknown value type {(uint)type}"),
        };

        private GgufValue ReadArray(string key)
        {
            var elementType = (GgufValueType)_reader.ReadUInt32();
            var count = _reader.ReadUInt64();
            EnsureWithinCap(count, MaxArrayElements, $"elements in metadata key '{key}'");
            return elementType switch
            {
                GgufValueType.String => GgufValue.Array(ReadStrings(count)),
                GgufValueType.Bool => GgufValue.Array(ReadBools(key, count)),
                GgufValueType.UInt8 => GgufValue.Array(ReadNumbers<byte>(count)),
                GgufValueType.Int8 => GgufValue.Array(ReadNumbers<sbyte>(count)),
                GgufValueType.UInt16 => GgufValue.Array(ReadNumbers<ushort>(count)),
                GgufValueType.Int16 => GgufValue.Array(ReadNumbers<short>(count)),
                GgufValueType.UInt32 => GgufValue.Array(ReadNumbers<uint>(count)),
                GgufValueType.Int32 => GgufValue.Array(ReadNumbers<int>(count)),
                GgufValueType.UInt64 => GgufValue.Array(ReadNumbers<ulong>(count)),
                GgufValueType.Int64 => GgufValue.Array(ReadNumbers<long>(count)),
                GgufValueType.Float32 => GgufValue.Array(ReadNumbers<float>(count)),
                GgufValueType.Float64 => GgufValue.Array(ReadNumbers<double>(count)),
                _ => throw Defect(key, $": metadata key '{key}' is an array of unsupported element type {(uint)elementType}"),
            };
        }

        private string[] ReadStrings(ulong count)
        {
            EnsureRemaining(count, 8, _context);
            var strings = new string[count];
            for (ulong i = 0; i < count; i++)
            {
                strings[i] = ReadString();
            }

            return strings;
        }

        private bool[] ReadBools(string key, ulong count)
        {
            EnsureRemaining(count, 1, _context);
            var values = new bool[count];
            for (ulong i = 0; i < count; i++)
            {
                values[i] = ReadBool(key);
            }

            return values;
        }

        private T[] ReadNumbers<T>(ulong count)
            where T : unmanaged
        {
            var size = System.Runtime.InteropServices.Marshal.SizeOf<T>();
            EnsureRemaining(count, size, _context);
            var values = new T[count];
            // GGUF numbers are little endian, as is every platform this runs on: read the bytes straight in.
            stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }

        private bool ReadBool(string key)
        {
            var b = _reader.ReadByte();
            return b switch
            {
                0 => false,
                1 => true,
                _ => throw Defect(key, $": metadata key '{key}' holds the bool byte {b}, expected 0 or 1"),
            };
        }

        private string ReadString()
        {
            var length = _reader.ReadUInt64();
            EnsureRemaining(length, 1, _context);
            if (length > MaxStringBytes)
            {
                throw Defect(_subject, $": {_context} holds a string of {length} bytes, more than the {MaxStringBytes} this reader accepts");
            }

            if (length == 0)
            {
                return string.Empty;
            }

            var buffer = ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                var bytes = buffer.AsSpan(0, (int)length);
                stream.ReadExactly(bytes);
                return Encoding.UTF8.GetString(bytes);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private uint ReadAlignment(List<KeyValuePair<string, GgufValue>> metadata)
        {
            var entry = metadata.Find(pair => pair.Key == GgufAlignment.Key);
            if (entry.Value is null)
            {
                return GgufAlignment.Default;
            }

            if (entry.Value.Value is not uint alignment)
            {
                throw Defect(GgufAlignment.Key, $": key '{GgufAlignment.Key}' has type {entry.Value.TypeName}, expected uint32");
            }

            if (alignment == 0 || (alignment & (alignment - 1)) != 0)
            {
                throw Defect(GgufAlignment.Key, $": key '{GgufAlignment.Key}' is {alignment}, expected a power of two");
            }

            return alignment;
        }

        private (List<GgufTensorInfo> Tensors, long DataOffset) ReadTensorTable(ulong count, uint alignment)
        {
            // Each entry takes at least 24 bytes (name length, dimension count, type, offset).
            EnsureWithinCap(count, MaxEntries, "tensors");
            EnsureRemaining(count, 24, "the tensor table");
            var raw = new List<(string Name, long[] Dims, GgmlType Type, ulong Offset)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (ulong i = 0; i < count; i++)
            {
                _context = $"the tensor table (entry {i + 1} of {count})";
                _subject = null;
                var name = ReadString();
                _context = $"the tensor table entry of '{name}'";
                _subject = name;
                if (!seen.Add(name))
                {
                    throw Defect(name, $": tensor '{name}' appears twice");
                }

                var dimCount = _reader.ReadUInt32();
                if (dimCount is < 1 or > 4)
                {
                    throw Defect(name, $": tensor '{name}' has {dimCount} dimensions, expected 1 to 4");
                }

                var dims = new long[dimCount];
                for (var d = 0; d < dimCount; d++)
                {
                    dims[d] = _reader.ReadInt64();
                    if (dims[d] <= 0)
                    {
                        throw Defect(name, $": tensor '{name}' has dimension {d} = {dims[d]}, expected a positive size");
                    }
                }

                var type = (GgmlType)_reader.ReadUInt32();
                if (!GgmlTypeTraits.IsKnown(type))
                {
                    throw Defect(name, $": tensor '{name}' has unknown ggml type {(uint)type}");
                }

                if (dims[0] % GgmlTypeTraits.BlockSize(type) != 0)
                {
                    throw Defect(name, $": tensor '{name}' of type {type} has ne0 = {dims[0]}, not a multiple of its block size {GgmlTypeTraits.BlockSize(type)}");
                }

                var offset = _reader.ReadUInt64();
                if (offset > long.MaxValue)
                {
                    throw Defect(name, $": tensor '{name}' has a size or data offset beyond 64-bit range (dims {string.Join(" x ", dims)}, offset {offset})");
                }

                if (offset % alignment != 0)
                {
                    throw Defect(name, $": tensor '{name}' has data offset {offset}, not a multiple of the alignment {alignment}");
                }

                raw.Add((name, dims, type, offset));
            }

            _context = "the padding before the data section";
            _subject = null;
            var dataOffset = (stream.Position + alignment - 1) / alignment * alignment;
            var tensors = new List<GgufTensorInfo>(raw.Count);
            foreach (var (name, dims, type, offset) in raw)
            {
                GgufTensorInfo tensor;
                long end;
                try
                {
                    tensor = new GgufTensorInfo(name, dims, type, checked(dataOffset + (long)offset));
                    end = tensor.End;
                }
                catch (OverflowException e)
                {
                    // Huge dims or offsets overflowed 64-bit sizes (found by the corrupt-model corpus: OverflowException).
                    throw Defect(name, $": tensor '{name}' has a size or data offset beyond 64-bit range (dims {string.Join(" x ", dims)}, offset {offset})", e);
                }

                if (end > _length)
                {
                    throw Defect(name, $" is truncated: tensor '{name}' ends at byte {end} but the file has {_length} bytes");
                }

                tensors.Add(tensor);
            }

            return (tensors, dataOffset);
        }

        // A count that cannot fit in the rest of the file means the file was cut (or is garbage):
        // report it as truncation before allocating anything for it.
        private void EnsureRemaining(ulong count, long minimumBytesEach, string what)
        {
            var remaining = _length - stream.Position;
            if (count > (ulong)remaining / (ulong)minimumBytesEach)
            {
                _context = what;
                throw new EndOfStreamException();
            }
        }

        /// <summary>A count above what any real model declares is refused before anything is allocated or read for it,
        /// so memory follows what a header really holds and never what it claims.</summary>
        private void EnsureWithinCap(ulong count, ulong cap, string what)
        {
            if (count > cap)
            {
                throw Defect(_subject, $": {_context} declares {count} {what}, more than the {cap} this reader accepts");
            }
        }

        private GgufValidationException Defect(string? subject, string message, Exception? inner = null) =>
            new(fullPath, subject, _fileName + message, inner);
    }
}
