using System.Diagnostics;
using System.Runtime.CompilerServices;
using Glm.Inference.Generation;
using Glm.Inference.Networking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Glm.Inference.Remote;

/// <summary>
/// Streams generations from an OpenAI-compatible server (vLLM, llama.cpp server, Ollama, hosted APIs) through
/// server-sent events. Every failure leaves the stream as <see cref="RemoteBackendException"/>, except cancellation.
/// </summary>
public sealed class OpenAiCompatibleGenerator : ITextGenerator
{
    private readonly RemoteBackendOptions options;
    private readonly RemoteHttpTransport transport;
    private readonly HttpClient client;
    private readonly bool ownsClient;
    private readonly RemoteTokenCounter tokenCounter;
    private readonly ModelProfile profile;
    private readonly ILogger logger;
    private readonly SupersedeRegistry supersede = new();
    private RemoteServerInfo? serverInfo;
    private volatile bool completionsMissing;

    /// <param name="options">Server, model, key and limits.</param>
    /// <param name="logger">Receives request outcomes; the API key is never written.</param>
    /// <param name="httpClient">Shared client; null builds one from <see cref="RemoteBackendOptions.Network"/>.</param>
    /// <param name="environment">Environment lookup (tests pass their own); null reads the process environment.</param>
    public OpenAiCompatibleGenerator(RemoteBackendOptions options, ILogger? logger = null, HttpClient? httpClient = null, Func<string, string?>? environment = null)
    {
        this.options = options;
        this.logger = logger ?? NullLogger.Instance;
        var endpoints = new RemoteEndpoints(options.Endpoint, options.AllowInsecureRemote);
        ownsClient = httpClient is null;
        client = httpClient ?? GlmHttpClientFactory.Create(options.Network, environment);
        transport = new RemoteHttpTransport(client, options, endpoints, options.ResolveApiKey(environment), this.logger);
        tokenCounter = options.TokenizerPath is { Length: > 0 } path ? RemoteTokenCounter.FromFile(path) : RemoteTokenCounter.Estimate;
        profile = options.Profile ?? RemotePromptFormatter.GuessProfile(options.Model);
        Model = new ModelDescription(options.Model, profile, profile == ModelProfile.CodeGeeX4, options.ContextLength, $"remote {endpoints.ApiBase}");
    }

    public ModelDescription Model { get; }

    /// <summary>Whether <see cref="CountTokens"/> is exact or an estimate.</summary>
    public TokenCountSource TokenCountSource => tokenCounter.Source;

    public int CountTokens(string text) => tokenCounter.Count(text);

    /// <summary>Asks the server for its models (also tells whether it is a llama.cpp server).</summary>
    public async Task<RemoteServerInfo> DescribeServerAsync(CancellationToken cancellationToken = default)
    {
        var info = await transport.GetServerInfoAsync(cancellationToken);
        serverInfo = info;
        return info;
    }

    public async IAsyncEnumerable<GenerationChunk> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = request.SupersedeKey is { } key ? supersede.Begin(key, request.SupersedeVersion) : null;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease?.Superseded ?? CancellationToken.None);
        await using var chunks = StreamAsync(request, linked.Token).GetAsyncEnumerator(linked.Token);
        while (true)
        {
            bool hasChunk;
            try
            {
                hasChunk = await chunks.MoveNextAsync();
            }
            catch (OperationCanceledException) when (lease is { Superseded.IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
            {
                throw new GenerationSupersededException();
            }

            if (!hasChunk)
            {
                break;
            }

            yield return chunks.Current;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (ownsClient)
        {
            client.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private async IAsyncEnumerable<GenerationChunk> StreamAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var server = await KnownServerAsync(cancellationToken);
        var useCompletions = options.CompletionsEndpoint switch
        {
            CompletionsEndpointMode.Never => false,
            CompletionsEndpointMode.Always => true,
            _ => !completionsMissing,
        };

        var promptBudget = request.Options.MaxPromptTokens ?? (options.ContextLength - request.Options.MaxTokens);
        var (fittedPrompt, truncated) = RemotePromptBudget.Fit(request.Prompt, CountTokens, promptBudget);
        var call = RemotePromptFormatter.Format(fittedPrompt, profile, useCompletions, server.IsLlamaCppServer);
        System.ClientModel.Primitives.PipelineResponse response;
        try
        {
            response = await SendAsync(call, request.Options, server, cancellationToken);
        }
        catch (RemoteBackendException error) when (error.Kind == RemoteErrorKind.EndpointNotFound && call.Api == RemoteApi.Completions
            && options.CompletionsEndpoint == CompletionsEndpointMode.Auto)
        {
            logger.LogInformation("{Endpoint} has no /completions endpoint; using chat completions from now on.", transport.Endpoints.Display);
            completionsMissing = true;
            call = RemotePromptFormatter.Format(fittedPrompt, profile, useCompletions: false, server.IsLlamaCppServer);
            response = await SendAsync(call, request.Options, server, cancellationToken);
        }

        using (response)
        {
            var filter = new StreamedTextFilter(request.Options);
            long? firstTokenAt = null;
            var events = 0;
            StreamedEvent? last = null;
            int? promptTokens = null;
            int? completionTokens = null;
            int? cachedTokens = null;
            var stream = ReadBody(response);
            await using var reader = ServerSentEventReader.ReadDataAsync(stream, options.StreamIdleTimeout, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (filter.Stopped is null && await NextAsync(reader, cancellationToken))
            {
                if (reader.Current == "[DONE]")
                {
                    break;
                }

                var parsed = StreamedEvent.Parse(reader.Current, transport.Endpoints.Display);
                promptTokens = parsed.PromptTokens ?? promptTokens;
                completionTokens = parsed.CompletionTokens ?? completionTokens;
                cachedTokens = parsed.CachedPromptTokens ?? cachedTokens;
                last = parsed.FinishReason is null ? last : parsed;
                if (parsed.Text.Length == 0)
                {
                    continue;
                }

                events++;
                firstTokenAt ??= Stopwatch.GetTimestamp();
                var pastBudget = request.Options.TimeBudget is { } budget && Stopwatch.GetElapsedTime(firstTokenAt.Value) > budget;
                var visible = filter.Push(parsed.Text, pastBudget);
                if (visible.Length > 0)
                {
                    yield return new GenerationChunk(visible);
                }
            }

            var rest = filter.Flush();
            if (rest.Length > 0)
            {
                yield return new GenerationChunk(rest);
            }

            var finishedAt = Stopwatch.GetTimestamp();
            var firstAt = firstTokenAt ?? finishedAt;
            var prompt = promptTokens ?? CountTokens(call.PromptFields.ToJsonString());
            yield return new GenerationChunk(string.Empty, new GenerationStats
            {
                PromptTokens = prompt,
                ReusedPromptTokens = Math.Min(cachedTokens ?? 0, prompt),
                GeneratedTokens = completionTokens ?? events,
                StopReason = filter.Stopped ?? last?.FinishReason ?? StopReason.EndOfText,
                PromptTime = Stopwatch.GetElapsedTime(started, firstAt),
                TimeToFirstToken = Stopwatch.GetElapsedTime(started, firstAt),
                GenerationTime = Stopwatch.GetElapsedTime(firstAt, finishedAt),
                PromptTruncated = truncated,
            });
        }
    }

    private async Task<System.ClientModel.Primitives.PipelineResponse> SendAsync(RemoteCall call, GenerationOptions generation, RemoteServerInfo server, CancellationToken cancellationToken)
    {
        var body = RemoteRequestBody.Build(call, generation, options.Model, cachePrompt: options.CachePrompt ?? server.IsLlamaCppServer);
        var url = call.Api == RemoteApi.Completions ? transport.Endpoints.Completions : transport.Endpoints.ChatCompletions;
        logger.LogDebug("POST {Url} for model {Model}", url, options.Model);
        return await transport.PostStreamingAsync(url, body, DescribeServerAsync, cancellationToken);
    }

    /// <summary>The server description, fetched once; an unreachable server yields <see cref="RemoteServerInfo.Unknown"/>
    /// because the generation request itself then reports the failure with the right message.</summary>
    private async Task<RemoteServerInfo> KnownServerAsync(CancellationToken cancellationToken)
    {
        if (serverInfo is { } known)
        {
            return known;
        }

        try
        {
            return await DescribeServerAsync(cancellationToken);
        }
        catch (RemoteBackendException error)
        {
            logger.LogDebug("Could not list the models of {Endpoint}: {Message}", transport.Endpoints.Display, error.Message);

            // A server that answers but has no usable /models (some hosted APIs) is not asked again before every completion;
            // one that could not be reached is, since it may be starting.
            if (error.StatusCode is >= 400 and < 500 || error.Kind == RemoteErrorKind.BadResponse)
            {
                serverInfo = RemoteServerInfo.Unknown;
            }

            return RemoteServerInfo.Unknown;
        }
    }

    private Stream ReadBody(System.ClientModel.Primitives.PipelineResponse response) =>
        response.ContentStream ?? throw new RemoteBackendException(RemoteErrorKind.BadResponse, $"{transport.Endpoints.Display} sent no response body.");

    private async Task<bool> NextAsync(IAsyncEnumerator<string> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.MoveNextAsync();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutException)
        {
            throw RemoteFailureTranslator.StreamTimeout(transport.Endpoints, options.StreamIdleTimeout);
        }
        catch (Exception error)
        {
            throw RemoteFailureTranslator.FromException(transport.Endpoints, error);
        }
    }
}
