namespace Glm.Inference.Memory;

/// <summary>Bytes in GPU memory and in host (CPU) memory.</summary>
public readonly record struct MemorySplit(long Device, long Host)
{
    public long Total => Device + Host;

    public static MemorySplit operator +(MemorySplit left, MemorySplit right) => new(left.Device + right.Device, left.Host + right.Host);

    public static MemorySplit Add(MemorySplit left, MemorySplit right) => left + right;

    /// <summary>All of <paramref name="bytes"/> on the device when <paramref name="onDevice"/>, else in host memory.</summary>
    public static MemorySplit On(bool onDevice, long bytes) => onDevice ? new(bytes, 0) : new(0, bytes);
}
