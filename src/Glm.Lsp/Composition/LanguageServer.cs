using Glm.Inference.Models;
using Glm.Lsp.Client;
using Glm.Lsp.Completion;
using Glm.Lsp.Documents;
using Glm.Lsp.Handlers;
using Glm.Lsp.Handlers.Status;
using Glm.Lsp.Models;
using Glm.Lsp.Server;
using Glm.Lsp.Settings;
using Glm.Lsp.Syntax;
using Glm.Lsp.Translation;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Composition;

/// <summary>
/// The composition root: one server connection (Server/: JSON-RPC over Content-Length frames and the lifecycle gate),
/// the feature services of that connection and the handlers that expose them. Nothing else builds services or handlers.
/// </summary>
public sealed class LanguageServer : IAsyncDisposable
{
    private readonly LspJsonRpc rpc;
    private readonly ServerContext context;

    private LanguageServer(LspJsonRpc rpc, ServerContext context, BackgroundPrefill prefill)
    {
        this.rpc = rpc;
        this.context = context;
        Prefill = prefill;
    }

    /// <summary>The model host, for tests and the status command.</summary>
    public ModelHost Models => context.Models;

    /// <summary>The open documents, for tests that check what the server holds.</summary>
    internal DocumentStore Documents => context.Documents;

    /// <summary>The background prefill, for tests that wait until it has filled the cache.</summary>
    internal BackgroundPrefill Prefill { get; }

    /// <summary>The settings in effect, for tests.</summary>
    internal GlmSettings Settings => context.Settings.Current;

    /// <summary>Where StreamJsonRpc's own diagnostics go (the server's logger, never syslog).</summary>
    internal System.Diagnostics.TraceSource ProtocolTrace => rpc.TraceSource;

    /// <summary>Starts listening on <paramref name="input"/>/<paramref name="output"/>.</summary>
    public static LanguageServer Start(Stream input, Stream output, ServerStartOptions options, ILoggerFactory loggerFactory, LogLevelSwitch? logLevel = null)
    {
        var lifecycle = new ServerLifecycle();
        var rpc = LspJsonRpc.Open(input, output, lifecycle, loggerFactory);
        var client = new JsonRpcLanguageClient(rpc, loggerFactory.CreateLogger<JsonRpcLanguageClient>());
        var switches = options.Switches ?? DiagnosticSwitches.None;
        var apiKeys = new ApiKeyStore(options.Environment);
        var factory = new BackendGeneratorFactory(
            options.GeneratorFactory ?? new LlamaEngineGeneratorFactory(loggerFactory, switches.PromptReuse, switches.InferenceCpu, switches.FailDecodeCall),
            options.RemoteGeneratorFactory ?? new RemoteGeneratorFactory(apiKeys, loggerFactory));
        var settings = new SettingsStore(options.ModelPath);
        var modelReady = new ModelReadyObserver(
            new ModelStatusReporter(client, loggerFactory.CreateLogger<ModelStatusReporter>(), () => settings.Current));
        var models = new ModelHost(factory, modelReady, loggerFactory.CreateLogger<ModelHost>());
        var context = new ServerContext(lifecycle, client, settings, models, logLevel ?? new LogLevelSwitch(options.LogLevel), apiKeys, loggerFactory)
        {
            Syntax = options.Syntax ?? SyntaxContextDetector.Shared,
        };

        var configuration = new ConfigurationHandler(context) { LateSettings = new LateSettingsWait(options.LateSettingsBound) };
        rpc.AddLocalRpcTarget(new LifecycleHandler(context, configuration));
        rpc.AddLocalRpcTarget(configuration);
        var prefill = new BackgroundPrefill(
            () => context.Models.Generator, () => context.Settings.Current, context.Documents.TryGet, options.Clock ?? TimeProvider.System,
            loggerFactory.CreateLogger<BackgroundPrefill>(), context.WorkspaceFolders);
        modelReady.Ready += prefill.ModelReady;
        context.Settings.Applied += prefill.SettingsChanged;
        context.Documents.Closed += prefill.Closed;
        rpc.AddLocalRpcTarget(new DocumentSyncHandler(context, prefill));
        rpc.AddLocalRpcTarget(new FocusHandler(prefill));
        rpc.AddLocalRpcTarget(new WorkspaceFoldersHandler(context));
        var completions = new InlineCompletionService(
            () => context.Models.Generator, () => context.Settings.Current, context.Syntax, loggerFactory.CreateLogger<InlineCompletionService>(), switches.PromptReuse, context.WorkspaceFolders);
        context.Documents.Closed += completions.Forget;
        // A suggestion for an older version of a document is worthless: an edit stops the completion running for it.
        context.Documents.Changed += snapshot => completions.DocumentChanged(snapshot.Uri);
        rpc.AddLocalRpcTarget(new CompletionHandler(context, completions, switches.RequestStats) { Prefill = prefill });
        var translations = new TranslationService();
        var comments = new CommentTranslationService(new CommentFinder(context.Syntax), translations);
        var rewriteActions = new RewriteActions(context, comments, switches.PartialResultSpacing);
        rpc.AddLocalRpcTarget(new CodeActionHandler(context, comments, rewriteActions));
        rpc.AddLocalRpcTarget(new HoverHandler(context, comments, translations));
        rpc.AddLocalRpcTarget(new ExecuteCommandHandler(context, comments, translations, rewriteActions));
        rpc.AddLocalRpcTarget(new StatusHandler(context.Models, context.Settings));
        rpc.AddLocalRpcTarget(new ModelsHandler(context, () => ModelStoreLocations.FromEnvironment(options.Environment)));
        if (switches.TestMethods)
        {
            rpc.AddLocalRpcTarget(new TestMethodsHandler(context));
        }

        rpc.StartListening();
        return new LanguageServer(rpc, context, prefill);
    }

    /// <summary>
    /// Completes with the exit code: 0 after shutdown + exit, 1 after exit without shutdown or when the client
    /// closed the connection without exit (the spec's rule for a client that went away).
    /// </summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAny(context.Lifecycle.Exited, rpc.Completion).WaitAsync(cancellationToken);
        if (context.Lifecycle.Exited.IsCompleted)
        {
            return await context.Lifecycle.Exited;
        }

        // The connection ended first. A client that writes exit and closes its end at once can win the race against the
        // exit notification's dispatch; after a shutdown the spec's code is 0 either way, and 1 only without one.
        return context.Lifecycle.ShutdownRequested ? 0 : 1;
    }

    public async ValueTask DisposeAsync()
    {
        rpc.Dispose();
        await context.Models.DisposeAsync();
    }
}
