using Glm.Inference.Generation;
using Glm.Lsp.Client;
using Glm.Lsp.Protocol;
using Glm.Lsp.Settings;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Models;

/// <summary>
/// Owns the loaded generator. Loads run in the background so the server answers requests (with empty results) while a
/// multi-gigabyte model is read; a changed model setting cancels the running load and starts a new one; a failure is
/// reported once through window/showMessage and leaves the server running so the user can fix the setting.
/// </summary>
public sealed class ModelHost(IGeneratorFactory factory, ILanguageClient client, ILogger logger) : IAsyncDisposable
{
    /// <summary>The shortest gap between two glm/status notifications; a status bar cannot show more.</summary>
    private static readonly TimeSpan StatusInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock gate = new();
    private readonly StatusNotifier status = new(client, logger, StatusInterval);
    private ModelSettings? requested;
    private CancellationTokenSource? loadCancellation;
    private MeteredGenerator? generator;
    private ModelFileGuard? fileGuard;
    private string? fileNotice;
    private bool deletionReported;
    private (long Length, DateTime LastWrite)? failedFileStamp;

    public ModelLoadState State { get; private set; } = ModelLoadState.NotConfigured;

    /// <summary>The problem of the last failed load, in the words shown to the user.</summary>
    public string? LastError { get; private set; }

    /// <summary>The load started by the last <see cref="Apply"/>; tests and the status command wait on it.</summary>
    public Task CurrentLoad { get; private set; } = Task.CompletedTask;

    /// <summary>Tokens per second and other costs of the last finished generation, for glm.status.</summary>
    public GenerationStats? LastStats
    {
        get
        {
            lock (gate)
            {
                return generator?.LastStats;
            }
        }
    }

    /// <summary>The local engine's counters and KV slots; null for a remote backend or while nothing is loaded.</summary>
    public Glm.Inference.Engine.EngineStatistics? EngineStatistics
    {
        get
        {
            lock (gate)
            {
                return (generator?.Inner as Glm.Inference.Engine.LlamaEngine)?.Statistics;
            }
        }
    }

    /// <summary>The message of the last failed generation (a remote server that went away), for glm.status.</summary>
    public string? LastGenerationFailure
    {
        get
        {
            lock (gate)
            {
                return generator?.LastFailure;
            }
        }
    }

    /// <summary>How glm.status names the engine: "remote &lt;endpoint&gt; &lt;model&gt;" for a remote server, else the
    /// local engine's own description; null when nothing is ready.</summary>
    public string? BackendDisplay
    {
        get
        {
            lock (gate)
            {
                return State != ModelLoadState.Ready ? null : requested?.Remote?.Display ?? generator?.Model.Backend;
            }
        }
    }

    /// <summary>The generator when a model is ready, else null: callers answer with an empty result. Every request
    /// asks for it before it generates, so this is where the model file is checked (<see cref="ModelFileGuard"/>).</summary>
    public ITextGenerator? Generator
    {
        get
        {
            lock (gate)
            {
                CheckModelFileLocked();
                return State == ModelLoadState.Ready ? generator : null;
            }
        }
    }

    /// <summary>Starts loading when the model settings differ from the last ones applied; otherwise does nothing.</summary>
    public Task Apply(ModelSettings settings)
    {
        lock (gate)
        {
            if (settings == requested)
            {
                return CurrentLoad;
            }

            requested = settings;
            failedFileStamp = null;
            return StartLoadLocked(settings);
        }
    }

    private Task StartLoadLocked(ModelSettings settings)
    {
        loadCancellation?.Cancel();
        loadCancellation = new CancellationTokenSource();
        var previous = generator;
        generator = null;
        fileGuard?.Dispose();
        fileGuard = null;
        fileNotice = null;
        deletionReported = false;
        State = settings.ModelPath.Length == 0 && settings.Remote is null ? ModelLoadState.NotConfigured : ModelLoadState.Loading;
        CurrentLoad = RunLoadAsync(settings, previous, loadCancellation.Token);
        return CurrentLoad;
    }

    /// <summary>
    /// Reacts to the loaded model's file changing on disk. Deleted: the mapped copy stays valid, so it keeps serving
    /// and says so once. Replaced: the new file is validated and loaded (the old mapping stays valid until then).
    /// Changed in place: the mapping may now point past the end of the file, where a read kills the process, so the
    /// engine is dropped at once and the file loaded again; if that fails, the next change to the file retries.
    /// </summary>
    private void CheckModelFileLocked()
    {
        if (requested is not { Remote: null } settings)
        {
            return;
        }

        if (State == ModelLoadState.Ready && fileGuard is not null)
        {
            switch (fileGuard.Check())
            {
                case ModelFileChange.Deleted when !deletionReported:
                    deletionReported = true;
                    fileNotice = $"The model file \"{settings.ModelPath}\" was deleted; the loaded copy keeps serving until the server restarts.";
                    logger.LogWarning("Model file {Path} was deleted while loaded; the loaded copy keeps serving", settings.ModelPath);
                    status.Publish(ReadyStatus(generator!));
                    break;
                case ModelFileChange.Replaced:
                    logger.LogWarning("Model file {Path} was replaced on disk; loading the new file", settings.ModelPath);
                    failedFileStamp = FileStamp(settings.ModelPath);
                    StartLoadLocked(settings);
                    break;
                case ModelFileChange.ChangedInPlace:
                    var message = $"glm-lsp: model file \"{settings.ModelPath}\" changed on disk while loaded; reloading";
                    logger.LogError("{Message}", message);
                    failedFileStamp = FileStamp(settings.ModelPath);
                    StartLoadLocked(settings);
                    LastError = message;
                    break;
            }
        }
        else if (State == ModelLoadState.Failed && failedFileStamp is not null && FileStamp(settings.ModelPath) is { } stamp && stamp != failedFileStamp)
        {
            // The file that failed after a change on disk has changed again (restored, copied back): try it.
            logger.LogInformation("Model file {Path} changed again; loading it", settings.ModelPath);
            failedFileStamp = stamp;
            StartLoadLocked(settings);
        }
    }

    private static (long Length, DateTime LastWrite)? FileStamp(string path)
    {
        try
        {
            var file = new FileInfo(path);
            return file.Exists ? (file.Length, file.LastWriteTimeUtc) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        MeteredGenerator? loaded;
        lock (gate)
        {
            loadCancellation?.Cancel();
            loaded = generator;
            generator = null;
            fileGuard?.Dispose();
            fileGuard = null;
        }

        await CurrentLoad;

        if (loaded is not null)
        {
            await loaded.DisposeAsync();
        }
    }

    /// <summary>A load runs unobserved in the background, so nothing may escape it: a client that disconnected
    /// mid-load (its notifications fail) must not surface as an unobserved task exception.</summary>
    private async Task RunLoadAsync(ModelSettings settings, ITextGenerator? previous, CancellationToken cancellationToken)
    {
        try
        {
            await LoadAsync(settings, previous, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException || e is StreamJsonRpc.ConnectionLostException || e is ObjectDisposedException)
        {
            logger.LogDebug("Model load for {Path} ended early: {Reason}", settings.ModelPath, e.Message);
        }
    }

    private async Task LoadAsync(ModelSettings settings, ITextGenerator? previous, CancellationToken cancellationToken)
    {
        // Leave the caller's thread (a JSON-RPC dispatch) before any slow work.
        await Task.Yield();
        if (previous is not null)
        {
            await previous.DisposeAsync();
        }

        if (settings.Remote is { } remote)
        {
            await LoadRemoteAsync(settings, remote, cancellationToken);
            return;
        }

        if (settings.ModelPath.Length == 0)
        {
            await FailAsync(settings, ModelLoadState.NotConfigured, MessageType.Warning,
                $"glm-lsp: no model is configured: none of {ModelPathSources.All} is set. Point one at a GLM GGUF file (ChatGLM3-6B, GLM-4-9B or CodeGeeX4).",
                cancellationToken);
            return;
        }

        if (!File.Exists(settings.ModelPath))
        {
            await FailAsync(settings, ModelLoadState.Failed, MessageType.Error,
                $"glm-lsp: the model file \"{settings.ModelPath}\" ({ModelPathSources.Describe(settings.PathSource)}) does not exist. "
                + $"Point {ModelPathSources.All} at an existing GGUF file.",
                cancellationToken);
            return;
        }

        status.Publish(GlmStatusParams.Loading(0));
        var progress = await WorkDoneProgress.BeginAsync(client, "modelLoad", "Loading GLM model", Path.GetFileName(settings.ModelPath), cancellationToken);
        ModelFileGuard? guard = null;
        try
        {
            var loaded = await factory.LoadAsync(settings, new Progress(progress, status, cancellationToken), cancellationToken);
            // Opened only after a successful load: the validator has refused FIFOs and devices by then, and opening a
            // FIFO would block. A file swapped during the load is seen by the next load, not this guard.
            guard = ModelFileGuard.TryOpen(settings.ModelPath);
            if (!Publish(loaded, guard, cancellationToken))
            {
                return;
            }

            guard = null;

            logger.LogInformation("Model ready: {Name} on {Backend}", loaded.Model.Name, loaded.Model.Backend);
            if (progress is not null)
            {
                await progress.EndAsync($"Loaded {loaded.Model.Name}");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (progress is not null)
            {
                await progress.EndAsync("Cancelled: the model settings changed");
            }
        }
        catch (Exception e)
        {
            // The stack trace only at debug level (--verbose, glm.logLevel debug or trace); FailAsync logs the one error line.
            logger.LogDebug(e, "Loading {Path} failed", settings.ModelPath);
            if (progress is not null)
            {
                await progress.EndAsync("Failed");
            }

            var reason = e.Message.TrimEnd('.');
            await FailAsync(settings, ModelLoadState.Failed, MessageType.Error,
                $"glm-lsp: the model file \"{settings.ModelPath}\" ({ModelPathSources.Describe(settings.PathSource)}) could not be loaded: {reason}. "
                + $"Point {ModelPathSources.All} at a valid GLM GGUF file.",
                cancellationToken);
        }
        finally
        {
            guard?.Dispose();
        }
    }

    /// <summary>Connects to a remote server. Its failures (a bad URL, plain HTTP refused, a missing model name) are
    /// reported like a bad model file: once, naming the setting, and the server keeps running.</summary>
    private async Task LoadRemoteAsync(ModelSettings settings, RemoteModelSettings remote, CancellationToken cancellationToken)
    {
        try
        {
            var loaded = await factory.LoadAsync(settings, new Progress(null, status, cancellationToken), cancellationToken);
            if (!Publish(loaded, null, cancellationToken))
            {
                return;
            }

            logger.LogInformation("Remote engine ready: {Backend}", remote.Display);
            if (loaded is ProbedGenerator probed)
            {
                await client.ShowMessageAsync(MessageType.Warning, $"glm-lsp: {remote.Display}: {probed.ConnectionProblem}", cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A newer configuration replaced this one.
        }
        catch (Exception e) when (e is not StreamJsonRpc.ConnectionLostException and not ObjectDisposedException)
        {
            logger.LogError("Connecting to {Backend} failed: {Message}", remote.Display, e.Message);
            await FailAsync(settings, ModelLoadState.Failed, MessageType.Error, $"glm-lsp: {remote.Display}: {e.Message}", cancellationToken);
        }
    }

    /// <summary>Makes a loaded generator the current one unless a newer load replaced this one meanwhile.</summary>
    private bool Publish(ITextGenerator loaded, ModelFileGuard? guard, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // A newer load replaced this one while it finished: drop the result without publishing it.
                _ = loaded.DisposeAsync().AsTask();
                return false;
            }

            generator = new MeteredGenerator(loaded, OnGenerationActivity);
            fileGuard = guard;
            failedFileStamp = null;
            State = ModelLoadState.Ready;
            LastError = null;
            status.Publish(ReadyStatus(generator));
            return true;
        }
    }

    private async Task FailAsync(ModelSettings settings, ModelLoadState state, MessageType type, string message, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (cancellationToken.IsCancellationRequested || settings != requested)
            {
                return;
            }

            State = state;
            LastError = message;
            status.Publish(state == ModelLoadState.NotConfigured
                ? GlmStatusParams.Idle(message)
                : GlmStatusParams.Error(message, settings.Remote is null ? "glm.modelPath" : "glm.remote.endpoint"));
        }

        logger.Log(type == MessageType.Error ? LogLevel.Error : LogLevel.Warning, "{Message}", message);
        await client.ShowMessageAsync(type, message, cancellationToken);
    }

    private GlmStatusParams ReadyStatus(MeteredGenerator ready) =>
        new("ready", Model: ready.Model.Name, Backend: ready.Model.Backend, Message: fileNotice,
            LastTokensPerSecond: ready.LastStats is { } stats ? Math.Round(stats.GenerationTokensPerSecond, 1) : null);

    /// <summary>Generations of a generator that was replaced meanwhile say nothing: the newer load owns the status.</summary>
    private void OnGenerationActivity(MeteredGenerator source, bool generating)
    {
        lock (gate)
        {
            if (!ReferenceEquals(source, generator) || State != ModelLoadState.Ready)
            {
                return;
            }

            status.Publish(generating
                ? new GlmStatusParams("generating", Model: source.Model.Name, Backend: source.Model.Backend)
                : ReadyStatus(source));
        }
    }

    /// <summary>Feeds the load's progress to the progress bar and, in whole percentages, to glm/status.
    /// A load replaced by a newer one stays silent, so its late reports cannot interleave with the newer load's.</summary>
    private sealed class Progress(WorkDoneProgress? bar, StatusNotifier status, CancellationToken cancellationToken) : IProgress<double>
    {
        private readonly Lock gate = new();
        private int lastPercent;

        public void Report(double value)
        {
            bar?.Report(value);
            var percent = (int)Math.Clamp(Math.Floor(value * 100), 0, 100);
            lock (gate)
            {
                if (percent <= lastPercent || cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                lastPercent = percent;
            }

            status.Publish(GlmStatusParams.Loading(percent));
        }
    }
}
