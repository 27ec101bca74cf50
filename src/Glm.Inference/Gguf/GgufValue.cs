namespace Glm.Inference.Gguf;

/// <summary>
/// One metadata value of a GGUF file. Scalars are held as their CLR type (byte, sbyte, ushort, short,
/// uint, int, ulong, long, float, double, bool, string); arrays as CLR arrays of those, so that a
/// 150k-entry token list is one string[] rather than 150k boxed values.
/// </summary>
public sealed class GgufValue
{
    private GgufValue(GgufValueType type, GgufValueType? elementType, object value)
    {
        Type = type;
        ElementType = elementType;
        Value = value;
    }

    /// <summary>The value's GGUF type; <see cref="GgufValueType.Array"/> for arrays.</summary>
    public GgufValueType Type { get; }

    /// <summary>The element type of an array value, null for scalars.</summary>
    public GgufValueType? ElementType { get; }

    /// <summary>The value itself: a boxed scalar, a string, or a CLR array.</summary>
    public object Value { get; }

    /// <summary>The type as GGUF tools print it, e.g. "uint32" or "array of string".</summary>
    public string TypeName => ElementType is { } element ? $"array of {NameOf(element)}" : NameOf(Type);

    /// <summary>Wraps a scalar of one of the GGUF scalar CLR types.</summary>
    public static GgufValue Scalar<T>(T value)
        where T : notnull
    {
        var type = TypeOf(typeof(T));
        if (type is GgufValueType.Array)
        {
            throw new ArgumentException($"{typeof(T).Name} is not a GGUF scalar type.", nameof(value));
        }

        return new GgufValue(type, null, value);
    }

    /// <summary>Wraps a string.</summary>
    public static GgufValue String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new GgufValue(GgufValueType.String, null, value);
    }

    /// <summary>Wraps an array whose elements are one of the GGUF scalar CLR types (strings included).</summary>
    public static GgufValue Array<T>(T[] values)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(values);
        var element = TypeOf(typeof(T));
        if (element is GgufValueType.Array)
        {
            throw new ArgumentException($"{typeof(T).Name} is not a GGUF array element type.", nameof(values));
        }

        return new GgufValue(GgufValueType.Array, element, values);
    }

    /// <summary>The lower-case name GGUF tools use for a value type.</summary>
    public static string NameOf(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 => "uint8",
        GgufValueType.Int8 => "int8",
        GgufValueType.UInt16 => "uint16",
        GgufValueType.Int16 => "int16",
        GgufValueType.UInt32 => "uint32",
        GgufValueType.Int32 => "int32",
        GgufValueType.Float32 => "float32",
        GgufValueType.Bool => "bool",
        GgufValueType.String => "string",
        GgufValueType.Array => "array",
        GgufValueType.UInt64 => "uint64",
        GgufValueType.Int64 => "int64",
        GgufValueType.Float64 => "float64",
        _ => $"type {(uint)type}",
    };

    /// <inheritdoc />
    public override string ToString() => Value switch
    {
        string s => s,
        System.Array a => $"[{TypeName}, {a.Length} elements]",
        _ => Convert.ToString(Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>Maps a CLR type to its GGUF type; <see cref="GgufValueType.Array"/> stands for "not a GGUF scalar".</summary>
    private static GgufValueType TypeOf(Type clr) =>
        clr == typeof(byte) ? GgufValueType.UInt8
        : clr == typeof(sbyte) ? GgufValueType.Int8
        : clr == typeof(ushort) ? GgufValueType.UInt16
        : clr == typeof(short) ? GgufValueType.Int16
        : clr == typeof(uint) ? GgufValueType.UInt32
        : clr == typeof(int) ? GgufValueType.Int32
        : clr == typeof(float) ? GgufValueType.Float32
        : clr == typeof(bool) ? GgufValueType.Bool
        : clr == typeof(string) ? GgufValueType.String
        : clr == typeof(ulong) ? GgufValueType.UInt64
        : clr == typeof(long) ? GgufValueType.Int64
        : clr == typeof(double) ? GgufValueType.Float64
        : GgufValueType.Array;
}
