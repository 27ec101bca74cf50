using System.Text.Json;
using Glm.Lsp.Protocol;

namespace Glm.Lsp.Client;

/// <summary>
/// Streams the text so far of a request through the client's partialResultToken as $/progress notifications, in
/// order; does nothing when the client gave no token.
/// https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#partialResults
/// </summary>
/// <param name="spacing">Test-only: waited before each partial result (see DiagnosticSwitches.PartialResultSpacing).</param>
public sealed class PartialResults(ILanguageClient client, JsonElement? token, TimeSpan spacing = default)
{
    private readonly Lock gate = new();
    private Task tail = Task.CompletedTask;

    public void Report(string textSoFar)
    {
        if (token is not { } value)
        {
            return;
        }

        lock (gate)
        {
            tail = tail.ContinueWith(
                async _ =>
                {
                    if (spacing > TimeSpan.Zero)
                    {
                        await Task.Delay(spacing);
                    }

                    await client.SendProgressAsync(value, new RewriteResult(textSoFar), CancellationToken.None);
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Waits until every partial result was sent, so none arrives after the final response.</summary>
    public Task FlushAsync()
    {
        lock (gate)
        {
            return tail;
        }
    }
}
