using Glm.Inference.Generation;
using Glm.Lsp.Settings;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Models;

/// <summary>
/// Owns the loaded generator. Loads run in the background so the server answers requests (with empty results) while a
/// multi-gigabyte model is read; a changed model setting cancels the running load and starts a new one; a failure is
/// reported once as a <see cref="ModelProblem"/> and leaves the server running so the user can fix the setting. Every
/// change is told to the <see cref="IModelStatusObserver"/> as a <see cref="ModelStatus"/>; the host knows nothing of
/// the editor or the protocol.
/// </summary>
public sealed class ModelHost(IGeneratorFactory factory, IModelStatusObserver observer, ILogger logger) : IAsyncDisposable
{
    private readonly Lock gate = new();
    private ModelSettings? requested;
    private CancellationTokenSource? loadCancellation;
    private MeteredGenerator? generator;
    private ModelFileGuard? fileGuard;
    private string? fileNotice;
    private string? loadNotice;
    private string? loadingFile;
    private int? loadPercent;
    private string? failureSetting;
    private int loadId;
    private bool deletionReported;
    private (long Length, DateTime LastWrite)? failedFileStamp;

    public ModelLoadState State { get; private set; } = ModelLoadState.NotConfigured;

    /// <summary>The problem of the last failed load, in the words shown to the user.</summary>
    public string? LastError { get; private set; }

    /// <summary>The load started by the last <see cref="Apply"/>; tests wait on it.</summary>
    public Task CurrentLoad { get; private set; } = Task.CompletedTask;

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

    /// <summary>The status now. Asking checks the model file, like <see cref="Generator"/>, so a status never calls a
    /// deleted or changed file ready.</summary>
    public ModelStatus Status
    {
        get
        {
            lock (gate)
            {
                CheckModelFileLocked();
                return StatusLocked();
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
        loadNotice = null;
        loadingFile = null;
        loadPercent = null;
        failureSetting = null;
        loadId++;
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
                    observer.StatusChanged(StatusLocked());
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
                    loadNotice = message;
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

    /// <summary>A load runs unobserved in the background, so nothing may escape it: a load cancelled by newer settings
    /// or by shutdown must not surface as an unobserved task exception.</summary>
    private async Task RunLoadAsync(ModelSettings settings, ITextGenerator? previous, CancellationToken cancellationToken)
    {
        try
        {
            await LoadAsync(settings, previous, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException || e is ObjectDisposedException)
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
            Fail(settings, ModelLoadState.NotConfigured,
                $"glm-lsp: no model is configured: none of {ModelPathSources.All} is set. Point one at a GLM GGUF file (ChatGLM3-6B, GLM-4-9B or CodeGeeX4).",
                cancellationToken);
            return;
        }

        if (!File.Exists(settings.ModelPath))
        {
            Fail(settings, ModelLoadState.Failed,
                $"glm-lsp: the model file \"{settings.ModelPath}\" ({ModelPathSources.Describe(settings.PathSource)}) does not exist. "
                + $"Point {ModelPathSources.All} at an existing GGUF file.",
                cancellationToken);
            return;
        }

        StartReporting(Path.GetFileName(settings.ModelPath), cancellationToken);
        ModelFileGuard? guard = null;
        try
        {
            var loaded = await factory.LoadAsync(settings, new Progress(this, cancellationToken), cancellationToken);
            // Opened only after a successful load: the validator has refused FIFOs and devices by then, and opening a
            // FIFO would block. A file swapped during the load is seen by the next load, not this guard.
            guard = ModelFileGuard.TryOpen(settings.ModelPath);
            if (!Publish(loaded, guard, cancellationToken))
            {
                return;
            }

            guard = null;

            logger.LogInformation("Model ready: {Name} on {Backend}", loaded.Model.Name, loaded.Model.Backend);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A newer configuration replaced this one; its own status follows.
        }
        catch (Exception e)
        {
            // The stack trace only at debug level (--verbose, glm.logLevel debug or trace); FailAsync logs the one error line.
            logger.LogDebug(e, "Loading {Path} failed", settings.ModelPath);
            var reason = e.Message.TrimEnd('.');
            Fail(settings, ModelLoadState.Failed,
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
            var loaded = await factory.LoadAsync(settings, new Progress(this, cancellationToken), cancellationToken);
            if (!Publish(loaded, null, cancellationToken))
            {
                return;
            }

            logger.LogInformation("Remote engine ready: {Backend}", remote.Display);
            if (loaded is ProbedGenerator probed)
            {
                observer.ProblemFound(new ModelProblem(IsError: false, $"glm-lsp: {remote.Display}: {probed.ConnectionProblem}"));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A newer configuration replaced this one.
        }
        catch (Exception e) when (e is not ObjectDisposedException)
        {
            logger.LogError("Connecting to {Backend} failed: {Message}", remote.Display, e.Message);
            Fail(settings, ModelLoadState.Failed, $"glm-lsp: {remote.Display}: {e.Message}", cancellationToken);
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
            observer.StatusChanged(StatusLocked());
            return true;
        }
    }

    /// <summary>Says that the local load of <paramref name="file"/> started, at 0 %.</summary>
    private void StartReporting(string file, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                loadingFile = file;
                loadPercent = 0;
                observer.StatusChanged(StatusLocked());
            }
        }
    }

    /// <summary>A load replaced by a newer one stays silent, so its late reports cannot interleave with the newer load's.</summary>
    private void ReportLoadPercent(int percent, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!cancellationToken.IsCancellationRequested && State == ModelLoadState.Loading && percent > (loadPercent ?? -1))
            {
                loadPercent = percent;
                observer.StatusChanged(StatusLocked());
            }
        }
    }

    private void Fail(ModelSettings settings, ModelLoadState state, string message, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (cancellationToken.IsCancellationRequested || settings != requested)
            {
                return;
            }

            State = state;
            LastError = message;
            failureSetting = state == ModelLoadState.NotConfigured || settings.Remote is null ? "glm.modelPath" : "glm.remote.endpoint";
            observer.StatusChanged(StatusLocked());
            logger.Log(state == ModelLoadState.Failed ? LogLevel.Error : LogLevel.Warning, "{Message}", message);
            observer.ProblemFound(new ModelProblem(IsError: state == ModelLoadState.Failed, message));
        }
    }

    private ModelStatus StatusLocked() => State switch
    {
        ModelLoadState.Ready when generator is { } ready => new ModelStatus(
            State,
            loadId,
            Generating: ready.IsGenerating,
            Model: ready.Model.Name,
            Backend: requested?.Remote?.Display ?? ready.Model.Backend,
            ContextLength: ready.Model.ContextLength,
            LastTokensPerSecond: ready.LastStats?.GenerationTokensPerSecond,
            Message: fileNotice,
            LastFailure: ready.LastFailure,
            Speeds: ready.Speeds),
        ModelLoadState.Loading => new ModelStatus(State, loadId, LoadingFile: loadingFile, LoadPercent: loadPercent, Message: loadNotice),
        _ => new ModelStatus(State, loadId, Message: LastError, Setting: LastError is null ? null : failureSetting),
    };

    /// <summary>Generations of a generator that was replaced meanwhile say nothing: the newer load owns the status.</summary>
    private void OnGenerationActivity(MeteredGenerator source, bool _)
    {
        lock (gate)
        {
            if (ReferenceEquals(source, generator) && State == ModelLoadState.Ready)
            {
                observer.StatusChanged(StatusLocked());
            }
        }
    }

    /// <summary>Turns the loader's fractions into whole percentages for the status.</summary>
    private sealed class Progress(ModelHost host, CancellationToken cancellationToken) : IProgress<double>
    {
        public void Report(double value) =>
            host.ReportLoadPercent((int)Math.Clamp(Math.Floor(value * 100), 0, 100), cancellationToken);
    }
}
