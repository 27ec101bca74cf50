namespace Glm.Inference.Gguf;

/// <summary>
/// The parsed header of a GGUF file: metadata and tensor table, plus where the data section lies.
/// Tensor data is never read, only located. Typed accessors throw <see cref="GgufValidationException"/>
/// naming the key when it is missing or has another type, so callers get user-grade messages for free.
/// </summary>
public sealed class GgufFile
{
    private readonly Dictionary<string, GgufValue> _metadata;
    private readonly Dictionary<string, GgufTensorInfo> _tensorsByName;

    internal GgufFile(
        string filePath,
        uint version,
        IReadOnlyList<KeyValuePair<string, GgufValue>> metadata,
        IReadOnlyList<GgufTensorInfo> tensors,
        uint alignment,
        long dataOffset,
        long fileLength)
    {
        FilePath = filePath;
        Version = version;
        MetadataInOrder = metadata;
        Tensors = tensors;
        Alignment = alignment;
        DataOffset = dataOffset;
        FileLength = fileLength;
        _metadata = new Dictionary<string, GgufValue>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            // A duplicated key is a defect llama.cpp also rejects; the reader reports it before this point.
            _metadata[key] = value;
        }

        _tensorsByName = new Dictionary<string, GgufTensorInfo>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            _tensorsByName[tensor.Name] = tensor;
        }
    }

    /// <summary>The full path the file was read from.</summary>
    public string FilePath { get; }

    /// <summary>The file name alone, as messages print it.</summary>
    public string FileName => Path.GetFileName(FilePath);

    /// <summary>The GGUF format version (2 or 3).</summary>
    public uint Version { get; }

    /// <summary>Metadata entries in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, GgufValue>> MetadataInOrder { get; }

    /// <summary>Metadata by key.</summary>
    public IReadOnlyDictionary<string, GgufValue> Metadata => _metadata;

    /// <summary>The tensor table in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    /// <summary>Data alignment (general.alignment, 32 when absent).</summary>
    public uint Alignment { get; }

    /// <summary>Absolute offset of the data section.</summary>
    public long DataOffset { get; }

    /// <summary>Length of the file in bytes.</summary>
    public long FileLength { get; }

    /// <summary>The general.architecture value, or null when the key is missing or not a string.</summary>
    public string? Architecture => TryGetString("general.architecture", out var value) ? value : null;

    /// <summary>Looks up a tensor by name.</summary>
    public bool TryGetTensor(string name, out GgufTensorInfo tensor) => _tensorsByName.TryGetValue(name, out tensor!);

    /// <summary>Looks up a metadata value of any type.</summary>
    public bool TryGetValue(string key, out GgufValue value) => _metadata.TryGetValue(key, out value!);

    /// <summary>Returns whether the key exists (with any type).</summary>
    public bool ContainsKey(string key) => _metadata.ContainsKey(key);

    /// <summary>A string value; throws when missing or of another type.</summary>
    public string GetString(string key) => Get<string>(key, GgufValueType.String);

    /// <summary>A uint32 value; throws when missing or of another type.</summary>
    public uint GetUInt32(string key) => Get<uint>(key, GgufValueType.UInt32);

    /// <summary>An int32 value; throws when missing or of another type.</summary>
    public int GetInt32(string key) => Get<int>(key, GgufValueType.Int32);

    /// <summary>A uint64 value; throws when missing or of another type.</summary>
    public ulong GetUInt64(string key) => Get<ulong>(key, GgufValueType.UInt64);

    /// <summary>A float32 value; throws when missing or of another type.</summary>
    public float GetFloat32(string key) => Get<float>(key, GgufValueType.Float32);

    /// <summary>A bool value; throws when missing or of another type.</summary>
    public bool GetBool(string key) => Get<bool>(key, GgufValueType.Bool);

    /// <summary>An array of strings; throws when missing or of another type.</summary>
    public string[] GetStringArray(string key) => GetArray<string>(key, GgufValueType.String);

    /// <summary>An array of int32; throws when missing or of another type.</summary>
    public int[] GetInt32Array(string key) => GetArray<int>(key, GgufValueType.Int32);

    /// <summary>An array of float32; throws when missing or of another type.</summary>
    public float[] GetFloat32Array(string key) => GetArray<float>(key, GgufValueType.Float32);

    /// <summary>A string value, false when missing; throws when present with another type.</summary>
    public bool TryGetString(string key, out string value) => TryGet(key, GgufValueType.String, out value);

    /// <summary>A uint32 value, false when missing; throws when present with another type.</summary>
    public bool TryGetUInt32(string key, out uint value) => TryGet(key, GgufValueType.UInt32, out value);

    /// <summary>An int32 value, false when missing; throws when present with another type.</summary>
    public bool TryGetInt32(string key, out int value) => TryGet(key, GgufValueType.Int32, out value);

    /// <summary>A float32 value, false when missing; throws when present with another type.</summary>
    public bool TryGetFloat32(string key, out float value) => TryGet(key, GgufValueType.Float32, out value);

    /// <summary>A bool value, false when missing; throws when present with another type.</summary>
    public bool TryGetBool(string key, out bool value) => TryGet(key, GgufValueType.Bool, out value);

    /// <summary>An array of strings, false when missing; throws when present with another type.</summary>
    public bool TryGetStringArray(string key, out string[] value) => TryGetArray(key, GgufValueType.String, out value);

    /// <summary>An array of int32, false when missing; throws when present with another type.</summary>
    public bool TryGetInt32Array(string key, out int[] value) => TryGetArray(key, GgufValueType.Int32, out value);

    /// <summary>An array of float32, false when missing; throws when present with another type.</summary>
    public bool TryGetFloat32Array(string key, out float[] value) => TryGetArray(key, GgufValueType.Float32, out value);

    internal GgufValidationException Defect(string? subject, string message, Exception? inner = null) =>
        new(FilePath, subject, $"{FileName}{message}", inner);

    private T Get<T>(string key, GgufValueType type) =>
        TryGet<T>(key, type, out var value) ? value : throw MissingKey(key);

    private T[] GetArray<T>(string key, GgufValueType elementType) =>
        TryGetArray<T>(key, elementType, out var value) ? value : throw MissingKey(key);

    private bool TryGet<T>(string key, GgufValueType type, out T value)
    {
        if (!_metadata.TryGetValue(key, out var raw))
        {
            value = default!;
            return false;
        }

        if (raw.Type != type)
        {
            throw WrongType(key, raw, GgufValue.NameOf(type));
        }

        value = (T)raw.Value;
        return true;
    }

    private bool TryGetArray<T>(string key, GgufValueType elementType, out T[] value)
    {
        if (!_metadata.TryGetValue(key, out var raw))
        {
            value = [];
            return false;
        }

        if (raw.ElementType != elementType)
        {
            throw WrongType(key, raw, $"array of {GgufValue.NameOf(elementType)}");
        }

        value = (T[])raw.Value;
        return true;
    }

    private GgufValidationException MissingKey(string key) =>
        Defect(key, $" is missing the required key '{key}'");

    private GgufValidationException WrongType(string key, GgufValue raw, string expected) =>
        Defect(key, $": key '{key}' has type {raw.TypeName}, expected {expected}");
}
