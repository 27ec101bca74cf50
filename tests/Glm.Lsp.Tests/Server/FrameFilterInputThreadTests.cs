using System.Collections.Concurrent;
using System.Text;
using Glm.Lsp.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace Glm.Lsp.Tests.Server;

/// <summary>
/// The client's input is read on a thread of its own. Stdin's stream has no asynchronous read: awaiting it blocks a
/// thread-pool thread until the client writes again, and with the process on one CPU the pool runs one thread, which
/// then kept taking the next blocking read before the queued messages and token continuations, so while the user typed
/// no edit reached the server and a generation for an old version ran to its end.
/// </summary>
public sealed class FrameFilterInputThreadTests
{
    [Fact]
    public async Task A_stream_without_asynchronous_reads_is_read_off_the_thread_pool_and_its_frames_arrive_in_order()
    {
        using var input = new BlockingInput();
        using var filter = new FrameFilter(input, NullLogger.Instance);
        filter.Start();

        input.Send(Frame("""{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"n":1}}"""));
        input.Send(Frame("""{"jsonrpc":"2.0","id":7,"method":"textDocument/inlineCompletion","params":{"n":2}}"""));
        var first = Assert.IsType<AcceptedFrame>(await filter.ReadAsync(CancellationToken.None));
        var second = Assert.IsType<AcceptedFrame>(await filter.ReadAsync(CancellationToken.None));
        input.End();

        Assert.Null(await filter.ReadAsync(CancellationToken.None));
        Assert.Equal("""{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"n":1}}""", Encoding.UTF8.GetString(first.Content));
        Assert.Equal("""{"jsonrpc":"2.0","id":7,"method":"textDocument/inlineCompletion","params":{"n":2}}""", Encoding.UTF8.GetString(second.Content));
        Assert.NotEmpty(input.ReadOnPoolThread);
        Assert.All(input.ReadOnPoolThread, onPool => Assert.False(onPool));
    }

    private static byte[] Frame(string json) => Encoding.UTF8.GetBytes($"Content-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}");

    /// <summary>Like stdin's stream: only a blocking Read (the base class's ReadAsync runs it on a pool thread), and it
    /// says for each call whether it ran on a thread-pool thread.</summary>
    private sealed class BlockingInput : Stream
    {
        private readonly BlockingCollection<byte[]> chunks = new();
        private byte[] current = [];
        private int position;

        public ConcurrentQueue<bool> ReadOnPoolThread { get; } = new();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Send(byte[] bytes) => chunks.Add(bytes);

        public void End() => chunks.CompleteAdding();

        public override int Read(byte[] buffer, int offset, int count)
        {
            ReadOnPoolThread.Enqueue(Thread.CurrentThread.IsThreadPoolThread);
            if (position == current.Length)
            {
                if (!chunks.TryTake(out var next, Timeout.Infinite))
                {
                    return 0;
                }

                (current, position) = (next, 0);
            }

            var length = Math.Min(count, current.Length - position);
            Array.Copy(current, position, buffer, offset, length);
            position += length;
            return length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                chunks.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
