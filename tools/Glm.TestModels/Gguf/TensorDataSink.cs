using System.Buffers;
using Glm.Inference.Gguf;

namespace Glm.TestModels.Gguf;

/// <summary>
/// Receives one tensor's data while <see cref="GgufWriter"/> streams the file: the fill callback
/// writes float values (encoded into the tensor's type here) or already encoded bytes, in ggml order
/// (ne0 fastest). The writer checks afterwards that exactly the tensor's size arrived.
/// </summary>
public sealed class TensorDataSink
{
    // Inputs at least this long are encoded on all cores; below it the thread hand-off costs more than it saves.
    private const int ParallelThreshold = 1 << 16;

    private readonly Stream _output;

    internal TensorDataSink(Stream output, string name, IReadOnlyList<long> dims, GgmlType type)
    {
        _output = output;
        Name = name;
        Dims = dims;
        Type = type;
        ExpectedBytes = GgmlTypeTraits.TensorBytes(type, dims);
    }

    /// <summary>The tensor being written.</summary>
    public string Name { get; }

    /// <summary>ggml dimensions, ne0 first.</summary>
    public IReadOnlyList<long> Dims { get; }

    /// <summary>The tensor's element type.</summary>
    public GgmlType Type { get; }

    /// <summary>Bytes the tensor must receive in total.</summary>
    public long ExpectedBytes { get; }

    /// <summary>Bytes written so far.</summary>
    public long WrittenBytes { get; private set; }

    /// <summary>
    /// Encodes float values into the tensor's type and writes them. The count must be a whole number
    /// of blocks (32 for Q8_0/Q4_0); long inputs are encoded in parallel.
    /// </summary>
    public void Write(ReadOnlySpan<float> values)
    {
        var bytes = GgmlTypeTraits.RowBytes(Type, values.Length);
        EnsureRoom(bytes);
        var buffer = ArrayPool<byte>.Shared.Rent((int)bytes);
        try
        {
            var encoded = buffer.AsSpan(0, (int)bytes);
            if (values.Length >= ParallelThreshold && Environment.ProcessorCount > 1)
            {
                EncodeInParallel(values, encoded);
            }
            else
            {
                GgmlQuantization.Encode(Type, values, encoded);
            }

            _output.Write(encoded);
            WrittenBytes += bytes;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes bytes that are already in the tensor's encoding (any ggml type).</summary>
    public void WriteBytes(ReadOnlySpan<byte> encoded)
    {
        EnsureRoom(encoded.Length);
        _output.Write(encoded);
        WrittenBytes += encoded.Length;
    }

    internal void EnsureComplete()
    {
        if (WrittenBytes != ExpectedBytes)
        {
            throw new InvalidOperationException($"Tensor '{Name}' received {WrittenBytes} bytes of data, expected {ExpectedBytes}.");
        }
    }

    private void EnsureRoom(long bytes)
    {
        if (WrittenBytes + bytes > ExpectedBytes)
        {
            throw new InvalidOperationException($"Tensor '{Name}' would receive {WrittenBytes + bytes} bytes of data, more than its {ExpectedBytes}.");
        }
    }

    private unsafe void EncodeInParallel(ReadOnlySpan<float> values, Span<byte> encoded)
    {
        var type = Type;
        var blockSize = GgmlTypeTraits.BlockSize(type);
        var blockBytes = GgmlTypeTraits.BlockBytes(type);
        var blocks = values.Length / blockSize;
        var parts = Environment.ProcessorCount;
        var blocksPerPart = (blocks + parts - 1) / parts;
        fixed (float* source = values)
        fixed (byte* destination = encoded)
        {
            // Spans cannot cross into lambdas, so the pinned addresses travel as native integers.
            var sourceAddress = (nint)source;
            var destinationAddress = (nint)destination;
            Parallel.For(0, parts, part =>
            {
                var first = part * blocksPerPart;
                var count = Math.Min(blocksPerPart, blocks - first);
                if (count <= 0)
                {
                    return;
                }

                var from = new ReadOnlySpan<float>((float*)sourceAddress + ((long)first * blockSize), count * blockSize);
                var to = new Span<byte>((byte*)destinationAddress + ((long)first * blockBytes), count * blockBytes);
                GgmlQuantization.Encode(type, from, to);
            });
        }
    }
}
