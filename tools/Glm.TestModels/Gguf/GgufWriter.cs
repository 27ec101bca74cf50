using System.Text;
using Glm.Inference.Gguf;

namespace Glm.TestModels.Gguf;

/// <summary>
/// Writes GGUF v3 files (little endian). Metadata is collected in memory, while tensors are only
/// declared (name, ggml dims with ne0 first, type) with a callback that produces their data at write
/// time, so multi-gigabyte models stream through without ever being held whole.
/// </summary>
public sealed class GgufWriter
{
    /// <summary>The alignment GGUF assumes when a file has no general.alignment key.</summary>
    public const uint DefaultAlignment = GgufAlignment.Default;

    /// <summary>The metadata key holding a non-default alignment.</summary>
    public const string AlignmentKey = GgufAlignment.Key;

    private static readonly byte[] Magic = "GGUF"u8.ToArray();

    private readonly List<KeyValuePair<string, GgufValue>> _metadata = [];
    private readonly List<DeclaredTensor> _tensors = [];

    /// <summary>Creates a writer; <paramref name="alignment"/> (a power of two) applies to the data section and every tensor.</summary>
    public GgufWriter(uint alignment = DefaultAlignment)
    {
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "The alignment must be a power of two.");
        }

        Alignment = alignment;
    }

    /// <summary>The data alignment in bytes.</summary>
    public uint Alignment { get; }

    /// <summary>The format version written in the header (3 by default; 2 has the same layout).</summary>
    public uint Version { get; init; } = 3;

    /// <summary>Metadata keys in the order they will be written.</summary>
    public IEnumerable<string> MetadataKeys => _metadata.Select(pair => pair.Key);

    /// <summary>Tensor names in the order they will be written.</summary>
    public IEnumerable<string> TensorNames => _tensors.Select(tensor => tensor.Name);

    /// <summary>Adds a metadata entry; a key may appear only once.</summary>
    public void Add(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (key == AlignmentKey)
        {
            throw new ArgumentException($"Set the alignment through the constructor; the writer emits {AlignmentKey} itself.", nameof(key));
        }

        if (_metadata.Exists(pair => pair.Key == key))
        {
            throw new ArgumentException($"Metadata key '{key}' was already added.", nameof(key));
        }

        _metadata.Add(new(key, value));
    }

    /// <summary>Adds a uint8 entry.</summary>
    public void AddUInt8(string key, byte value) => Add(key, GgufValue.Scalar(value));

    /// <summary>Adds an int8 entry.</summary>
    public void AddInt8(string key, sbyte value) => Add(key, GgufValue.Scalar(value));

    /// <summary>Adds a uint16 entry.</summary>
    public void AddUInt16(string key, ushort value) => Add(key, GgufValue.Scalar(value));

    /// <summary>Adds an int16 entry.</summary>
    public void AddInt16(string key, short value) => Add(key, GgufValue.Scalar(value));

    /// <summary>Adds a uint32 entry.</summary>
    public void AddUInt32(string key, uint value) => Add(key, GgufValue.Scalar(value));

    /// <summary>Adds an int32 entry.</summary>
    public void AddInt32(string key, int value) => Add(key, GgufValue.Scalar(value));

    /// <summary>Adds a uint64 entry.</summary>
    public void AddUInt64(string key, ulong value) => Add(key, GgufValue.Scalar(value));

    /// <summary>Adds an int64 entry.</summary>
    public void AddInt64(string key, long value) => Add(key, GgufValue.Scalar(value));

    /// <summary>Adds a float32 entry.</summary>
    public void AddFloat32(string key, float value) => Add(key, GgufValue.Scalar(value));

    /// <summary>Adds a float64 entry.</summary>
    public void AddFloat64(string key, double value) => Add(key, GgufValue.Scalar(value));

    /// <summary>Adds a bool entry.</summary>
    public void AddBool(string key, bool value) => Add(key, GgufValue.Scalar(value));

    /// <summary>Adds a string entry.</summary>
    public void AddString(string key, string value) => Add(key, GgufValue.String(value));

    /// <summary>Adds an array of any GGUF scalar type (byte, sbyte, ushort, short, uint, int, ulong, long, float, double, bool, string).</summary>
    public void AddArray<T>(string key, T[] values)
        where T : notnull => Add(key, GgufValue.Array(values));

    /// <summary>Adds an array of strings (e.g. tokenizer.ggml.tokens or merges).</summary>
    public void AddStringArray(string key, IEnumerable<string> values) => AddArray(key, values.ToArray());

    /// <summary>Adds an array of int32 (e.g. tokenizer.ggml.token_type).</summary>
    public void AddInt32Array(string key, IEnumerable<int> values) => AddArray(key, values.ToArray());

    /// <summary>Adds an array of float32 (e.g. tokenizer.ggml.scores).</summary>
    public void AddFloat32Array(string key, IEnumerable<float> values) => AddArray(key, values.ToArray());

    /// <summary>Removes a metadata entry (tests use it to build files with a key missing).</summary>
    public bool RemoveMetadata(string key) => _metadata.RemoveAll(pair => pair.Key == key) > 0;

    /// <summary>
    /// Declares a tensor whose data <paramref name="fill"/> writes into the sink when the file is written.
    /// <paramref name="dims"/> are ggml dimensions, ne0 (the contiguous one) first.
    /// </summary>
    public void AddTensor(string name, IReadOnlyList<long> dims, GgmlType type, Action<TensorDataSink> fill)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(dims);
        ArgumentNullException.ThrowIfNull(fill);
        if (dims.Count is < 1 or > 4 || dims.Any(d => d <= 0))
        {
            throw new ArgumentException($"Tensor '{name}' needs 1 to 4 positive dimensions, got [{string.Join(", ", dims)}].", nameof(dims));
        }

        if (dims[0] % GgmlTypeTraits.BlockSize(type) != 0)
        {
            throw new ArgumentException($"Tensor '{name}' of type {type} needs ne0 to be a multiple of {GgmlTypeTraits.BlockSize(type)}, got {dims[0]}.", nameof(dims));
        }

        if (_tensors.Exists(tensor => tensor.Name == name))
        {
            throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        }

        _tensors.Add(new DeclaredTensor(name, dims.ToArray(), type, fill));
    }

    /// <summary>Declares a tensor from values already in memory, encoded into <paramref name="type"/> at write time.</summary>
    public void AddTensor(string name, IReadOnlyList<long> dims, GgmlType type, ReadOnlyMemory<float> values) =>
        AddTensor(name, dims, type, sink => sink.Write(values.Span));

    /// <summary>Removes a declared tensor (tests use it to build files with a tensor missing).</summary>
    public bool RemoveTensor(string name) => _tensors.RemoveAll(tensor => tensor.Name == name) > 0;

    /// <summary>
    /// Writes the file to <paramref name="path"/>.tmp and renames it over <paramref name="path"/>, so a
    /// reader never sees a half-written model (a crash leaves only the .tmp file behind).
    /// </summary>
    public void WriteTo(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = path + ".tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
            {
                WriteTo(file);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes the whole file to a stream, calling every tensor's fill callback in declaration order.</summary>
    public void WriteTo(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var header = BuildHeader();
        output.Write(header);
        WritePadding(output, header.Length);
        foreach (var tensor in _tensors)
        {
            var sink = new TensorDataSink(output, tensor.Name, tensor.Dims, tensor.Type);
            tensor.Fill(sink);
            sink.EnsureComplete();
            WritePadding(output, sink.WrittenBytes);
        }

        output.Flush();
    }

    private byte[] BuildHeader()
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true);
        var metadata = new List<KeyValuePair<string, GgufValue>>(_metadata);
        if (Alignment != DefaultAlignment)
        {
            metadata.Add(new(AlignmentKey, GgufValue.Scalar(Alignment)));
        }

        writer.Write(Magic);
        writer.Write(Version);
        writer.Write((ulong)_tensors.Count);
        writer.Write((ulong)metadata.Count);
        foreach (var (key, value) in metadata)
        {
            WriteString(writer, key);
            writer.Write((uint)value.Type);
            WriteValue(writer, value);
        }

        ulong offset = 0;
        foreach (var tensor in _tensors)
        {
            WriteString(writer, tensor.Name);
            writer.Write((uint)tensor.Dims.Length);
            foreach (var dim in tensor.Dims)
            {
                writer.Write(dim);
            }

            writer.Write((uint)tensor.Type);
            writer.Write(offset);
            offset += (ulong)AlignUp(GgmlTypeTraits.TensorBytes(tensor.Type, tensor.Dims));
        }

        writer.Flush();
        return buffer.ToArray();
    }

    private static void WriteValue(BinaryWriter writer, GgufValue value)
    {
        switch (value.Value)
        {
            case string s: WriteString(writer, s); break;
            case byte v: writer.Write(v); break;
            case sbyte v: writer.Write(v); break;
            case ushort v: writer.Write(v); break;
            case short v: writer.Write(v); break;
            case uint v: writer.Write(v); break;
            case int v: writer.Write(v); break;
            case ulong v: writer.Write(v); break;
            case long v: writer.Write(v); break;
            case float v: writer.Write(v); break;
            case double v: writer.Write(v); break;
            case bool v: writer.Write(v); break;
            case Array array:
                writer.Write((uint)value.ElementType!.Value);
                writer.Write((ulong)array.Length);
                WriteArrayElements(writer, array);
                break;
            default:
                throw new InvalidOperationException($"Unsupported metadata value {value.Value.GetType().Name}.");
        }
    }

    private static void WriteArrayElements(BinaryWriter writer, Array array)
    {
        switch (array)
        {
            case string[] strings:
                foreach (var s in strings)
                {
                    WriteString(writer, s);
                }

                break;
            case bool[] bools:
                foreach (var b in bools)
                {
                    writer.Write(b);
                }

                break;
            case byte[] bytes:
                writer.Write(bytes);
                break;
            default:
                // Every other element type is a fixed-size little-endian number: copy the array's raw bytes.
                var raw = new byte[Buffer.ByteLength(array)];
                Buffer.BlockCopy(array, 0, raw, 0, raw.Length);
                writer.Write(raw);
                break;
        }
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private long AlignUp(long length) => (length + Alignment - 1) / Alignment * Alignment;

    private void WritePadding(Stream output, long length)
    {
        var padding = (int)(AlignUp(length) - length);
        Span<byte> zeros = stackalloc byte[padding];
        zeros.Clear();
        output.Write(zeros);
    }

    private sealed record DeclaredTensor(string Name, long[] Dims, GgmlType Type, Action<TensorDataSink> Fill);
}
