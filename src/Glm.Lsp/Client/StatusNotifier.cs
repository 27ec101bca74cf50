using Glm.Lsp.Protocol;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Client;

/// <summary>
/// Sends glm/status notifications, throttled: a status bar needs the latest state, not every step of a load or every
/// superseded keystroke completion. The first status goes out at once; while one is being sent, or within
/// <c>minInterval</c> after it, newer statuses replace each other and only the latest follows. An unchanged status is
/// not repeated. Sending never blocks the caller, and a client that went away only costs a debug log line.
/// </summary>
public sealed class StatusNotifier(ILanguageClient client, ILogger logger, TimeSpan minInterval)
{
    private readonly Lock gate = new();
    private GlmStatus? pending;
    private GlmStatus? lastSent;
    private bool pumping;

    public void Publish(GlmStatus status)
    {
        lock (gate)
        {
            if (pumping)
            {
                pending = status;
                return;
            }

            pumping = true;
        }

        _ = Task.Run(() => PumpAsync(status));
    }

    /// <summary>Sends <paramref name="first"/>, then whatever was published meanwhile, one per interval, until
    /// nothing new is pending.</summary>
    private async Task PumpAsync(GlmStatus first)
    {
        var next = first;
        while (true)
        {
            if (next != lastSent)
            {
                lastSent = next;
                try
                {
                    await client.SendStatusAsync(next, CancellationToken.None);
                }
                catch (Exception e)
                {
                    logger.LogDebug("glm/status could not be sent: {Reason}", e.Message);
                }

                await Task.Delay(minInterval);
            }

            lock (gate)
            {
                if (pending is null)
                {
                    pumping = false;
                    return;
                }

                next = pending;
                pending = null;
            }
        }
    }
}
