using System.Runtime.CompilerServices;
using System.Text;

namespace Glm.Inference.Remote;

/// <summary>Reads the <c>data:</c> payloads of a server-sent event stream, one string per event.</summary>
internal static class ServerSentEventReader
{
    /// <param name="readTimeout">Longest silence between two lines; exceeding it throws <see cref="TimeoutException"/>.</param>
    public static async IAsyncEnumerable<string> ReadDataAsync(Stream stream, TimeSpan readTimeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var data = new StringBuilder();
        var hasData = false;
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            silence.CancelAfter(readTimeout);
            string? line;
            try
            {
                line = await reader.ReadLineAsync(silence.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException("stream idle");
            }

            if (line is null)
            {
                if (hasData)
                {
                    yield return data.ToString();
                }

                yield break;
            }

            if (line.Length == 0)
            {
                if (hasData)
                {
                    yield return data.ToString();
                    data.Clear();
                    hasData = false;
                }

                continue;
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                // The SSE format strips one space after the colon; several data lines of one event join with newlines.
                var value = line.AsSpan(5);
                if (value.Length > 0 && value[0] == ' ')
                {
                    value = value[1..];
                }

                if (hasData)
                {
                    data.Append('\n');
                }

                data.Append(value);
                hasData = true;
            }

            // Comments (": ping"), "event:", "id:" and "retry:" lines carry nothing a completion needs.
        }
    }
}
