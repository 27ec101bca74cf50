using System.Text.Json;
using Glm.Lsp.Protocol;

namespace Glm.Lsp.Client;

/// <summary>
/// One server-initiated progress bar: created with window/workDoneProgress/create, then begin, reports and end.
/// Reports are queued so they reach the client in order even when the engine reports from another thread; percentages
/// are whole numbers and only increases are sent, so a fast load does not flood the client.
/// </summary>
public sealed class WorkDoneProgress
{
    private static int nextId;
    private readonly ILanguageClient client;
    private readonly JsonElement token;
    private readonly Lock gate = new();
    private Task tail = Task.CompletedTask;
    private int lastPercentage = -1;

    private WorkDoneProgress(ILanguageClient client, JsonElement token)
    {
        this.client = client;
        this.token = token;
    }

    /// <summary>Creates and begins a progress bar, or returns null when the client cannot show one.</summary>
    public static async Task<WorkDoneProgress?> BeginAsync(ILanguageClient client, string kind, string title, string? message, CancellationToken cancellationToken, bool withPercentage = true)
    {
        var token = JsonSerializer.SerializeToElement($"glm/{kind}/{Interlocked.Increment(ref nextId)}");
        if (!await client.CreateWorkDoneProgressAsync(token, cancellationToken))
        {
            return null;
        }

        var progress = new WorkDoneProgress(client, token) { lastPercentage = 0 };
        await client.SendProgressAsync(token, new WorkDoneProgressBegin(title, message, withPercentage ? 0 : null), cancellationToken);
        return progress;
    }

    /// <summary>Queues a report of <paramref name="fraction"/> (0 to 1) if it raises the whole percentage.</summary>
    public void Report(double fraction, string? message = null) =>
        ReportPercentage((int)Math.Clamp(Math.Floor(fraction * 100), 0, 100), message);

    /// <summary>Queues a report of <paramref name="percentage"/> (0 to 100) if it is higher than the last one sent.</summary>
    public void ReportPercentage(int percentage, string? message = null)
    {
        percentage = Math.Clamp(percentage, 0, 100);
        lock (gate)
        {
            if (percentage <= lastPercentage)
            {
                return;
            }

            lastPercentage = percentage;
            tail = tail.ContinueWith(
                _ => client.SendProgressAsync(token, new WorkDoneProgressReport(message, percentage), CancellationToken.None),
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Queues a report carrying only a message (for example the text generated so far).</summary>
    public void ReportMessage(string message)
    {
        lock (gate)
        {
            tail = tail.ContinueWith(
                _ => client.SendProgressAsync(token, new WorkDoneProgressReport(message), CancellationToken.None),
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Sends the queued reports, then the end message.</summary>
    public async Task EndAsync(string message)
    {
        Task pending;
        lock (gate)
        {
            pending = tail;
        }

        await pending;
        await client.SendProgressAsync(token, new WorkDoneProgressEnd(message), CancellationToken.None);
    }
}
