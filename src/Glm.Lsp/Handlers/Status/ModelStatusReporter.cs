using Glm.Lsp.Client;
using Glm.Lsp.Models;
using Glm.Lsp.Protocol;
using Glm.Lsp.Settings;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Handlers.Status;

/// <summary>
/// The one place the model host's statuses become LSP messages: every status goes to the throttled glm/status
/// notification; a local load also gets a work-done progress bar (created, begun, raised in whole percentages and
/// ended with how the load finished); a problem becomes one window/showMessage. Progress and messages go out in the
/// order the host reported them, on one queue, so a slow client never blocks the host.
/// </summary>
/// <param name="settings">The current settings, read for each status (the estimate of tokens per suggestion depends on them).</param>
internal sealed class ModelStatusReporter(ILanguageClient client, ILogger logger, Func<GlmSettings>? settings = null) : IModelStatusObserver
{
    /// <summary>The shortest gap between two glm/status notifications; a status bar cannot show more.</summary>
    private static readonly TimeSpan StatusInterval = TimeSpan.FromMilliseconds(100);

    private readonly StatusNotifier notifier = new(client, logger, StatusInterval);
    private readonly Lock gate = new();
    private Task tail = Task.CompletedTask;

    // Touched only by the queued steps, which run one at a time.
    private WorkDoneProgress? bar;
    private int barLoadId = -1;

    public void StatusChanged(ModelStatus status)
    {
        notifier.Publish(GlmStatusConversion.ToProtocol(status, settings?.Invoke() ?? SettingsCatalog.Defaults));
        Enqueue(() => FollowLoadAsync(status));
    }

    public void ProblemFound(ModelProblem problem) =>
        Enqueue(() => client.ShowMessageAsync(problem.IsError ? MessageType.Error : MessageType.Warning, problem.Message, CancellationToken.None));

    private void Enqueue(Func<Task> step)
    {
        lock (gate)
        {
            tail = tail.ContinueWith(_ => RunAsync(step), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>A client that went away, or refused a message, only costs a debug log line.</summary>
    private async Task RunAsync(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e)
        {
            logger.LogDebug("A model status message could not be sent: {Reason}", e.Message);
        }
    }

    /// <summary>Keeps the progress bar in step with the load the status belongs to. A status of a newer load ends the
    /// older load's bar as cancelled; a load's first status opens its bar, if the client can show one.</summary>
    private async Task FollowLoadAsync(ModelStatus status)
    {
        if (bar is not null && status.LoadId != barLoadId)
        {
            var cancelled = bar;
            bar = null;
            await cancelled.EndAsync("Cancelled: the model settings changed");
        }

        if (status.LoadId != barLoadId && status is { State: ModelLoadState.Loading, LoadingFile: { } file })
        {
            barLoadId = status.LoadId;
            bar = await WorkDoneProgress.BeginAsync(client, "modelLoad", "Loading GLM model", file, CancellationToken.None);
        }

        if (bar is null)
        {
            return;
        }

        switch (status.State)
        {
            case ModelLoadState.Loading:
                bar.ReportPercentage(status.LoadPercent ?? 0);
                break;
            case ModelLoadState.Ready:
                await EndBarAsync($"Loaded {status.Model}");
                break;
            case ModelLoadState.Failed:
                await EndBarAsync("Failed");
                break;
            default:
                await EndBarAsync("Cancelled: the model settings changed");
                break;
        }
    }

    private async Task EndBarAsync(string message)
    {
        var ended = bar!;
        bar = null;
        await ended.EndAsync(message);
    }
}
