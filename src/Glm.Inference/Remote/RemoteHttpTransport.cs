using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Glm.Inference.Networking;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using Polly;
using Polly.Retry;

namespace Glm.Inference.Remote;

/// <summary>
/// Sends requests to one OpenAI-compatible server through the official OpenAI library's pipeline (its ChatClient for
/// chat completions, its pipeline for plain completions and the model list) over our own HttpClient (proxy, CA roots):
/// bearer key, timeouts, retries of transient failures and translation of every failure into
/// <see cref="RemoteBackendException"/>. Requests are sent at the protocol level with our JSON body, so llama.cpp's
/// <c>cache_prompt</c> and the exact stop rules travel as they are, and the stream is read by our own SSE reader.
/// </summary>
internal sealed class RemoteHttpTransport
{
    /// <summary>The library requires a credential; without a key its Authorization header is removed before sending.</summary>
    private const string NoKey = "no-key";

    private readonly OpenAIClient library;
    private readonly ChatClient chat;
    private readonly RemoteBackendOptions options;
    private readonly string? apiKey;
    private readonly ILogger logger;
    private readonly ResiliencePipeline retryPipeline;

    private readonly RedirectRefusal refuseRedirects;

    public RemoteHttpTransport(HttpClient client, RemoteBackendOptions options, RemoteEndpoints endpoints, string? apiKey, ILogger logger)
    {
        this.options = options;
        library = new OpenAIClient(new ApiKeyCredential(apiKey ?? NoKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(endpoints.ApiBase.ToString().TrimEnd('/')),
            Transport = new HttpClientPipelineTransport(client),

            // Polly below retries, with our rules (Retry-After limit, nothing after the first token); the response
            // and idle timeouts are ours too, so the library's own are switched off.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        });
        chat = library.GetChatClient(options.Model);
        this.apiKey = apiKey;
        this.logger = logger;
        Endpoints = endpoints;
        refuseRedirects = new RedirectRefusal(endpoints);
        retryPipeline = options.MaxRetries <= 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder().Handle<RemoteBackendException>(error => error.IsTransient && !ExceedsRetryAfterLimit(error)),
                DelayGenerator = arguments => ValueTask.FromResult(
                    arguments.Outcome.Exception is RemoteBackendException { RetryAfter: { } retryAfter } ? (TimeSpan?)retryAfter : null),
                OnRetry = arguments =>
                {
                    logger.LogWarning("Retrying {Endpoint} in {Delay} ms after: {Reason}", endpoints.Display, arguments.RetryDelay.TotalMilliseconds, arguments.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            }).Build();
    }

    public RemoteEndpoints Endpoints { get; }

    /// <summary>Posts <paramref name="body"/> and returns the response once its status is a success (its body not yet read).
    /// Retries transient failures; nothing has been streamed to the caller at this point, so retrying is safe.</summary>
    public async Task<PipelineResponse> PostStreamingAsync(Uri url, JsonObject body, Func<CancellationToken, Task<RemoteServerInfo>> describeServer, CancellationToken cancellationToken)
    {
        var json = body.ToJsonString();
        return await retryPipeline.ExecuteAsync(
            async token => await SendOnceAsync(url, json, describeServer, token),
            cancellationToken);
    }

    /// <summary>Lists the server's models; failures become <see cref="RemoteBackendException"/>.</summary>
    public async Task<RemoteServerInfo> GetServerInfoAsync(CancellationToken cancellationToken)
    {
        using var response = await SendWithTimeoutAsync(
            requestOptions => library.Pipeline.SendRawAsync("GET", Endpoints.Models, null, requestOptions), cancellationToken);
        var text = await ReadBodyTextAsync(response, cancellationToken);
        if (response.IsError)
        {
            throw RemoteFailureTranslator.FromStatus(Endpoints, options.Model, (HttpStatusCode)response.Status, text, null, apiKey is not null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var models = new List<string>();
            var llamaCpp = false;
            if (document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in data.EnumerateArray())
                {
                    if (entry.TryGetProperty("id", out var id) && id.GetString() is { } name)
                    {
                        models.Add(name);
                    }

                    llamaCpp |= entry.TryGetProperty("owned_by", out var owner) && owner.ValueKind == JsonValueKind.String && owner.GetString() == "llamacpp";
                }
            }

            return new RemoteServerInfo(models, llamaCpp);
        }
        catch (JsonException error)
        {
            throw new RemoteBackendException(RemoteErrorKind.BadResponse, $"{Endpoints.Display} answered /models with something that is not JSON: {error.Message}", error);
        }
    }

    private async Task<PipelineResponse> SendOnceAsync(Uri url, string json, Func<CancellationToken, Task<RemoteServerInfo>> describeServer, CancellationToken cancellationToken)
    {
        var response = await SendWithTimeoutAsync(
            async requestOptions =>
            {
                var content = BinaryContent.Create(BinaryData.FromString(json));
                if (url == Endpoints.ChatCompletions)
                {
                    requestOptions.AddHeader("Accept", "text/event-stream");
                    return (await chat.CompleteChatAsync(content, requestOptions)).GetRawResponse();
                }

                return await library.Pipeline.SendRawAsync("POST", url, content, requestOptions);
            },
            cancellationToken);
        if (!response.IsError)
        {
            return response;
        }

        using (response)
        {
            var text = await ReadBodyTextAsync(response, cancellationToken);
            RemoteServerInfo? server = null;
            if (response.Status == (int)HttpStatusCode.NotFound)
            {
                // A 404 may mean "no such model" or "no such path": the model list tells which, and the user needs it anyway.
                try
                {
                    server = await describeServer(cancellationToken);
                }
                catch (RemoteBackendException)
                {
                    server = null;
                }
            }

            throw RemoteFailureTranslator.FromStatus(Endpoints, options.Model, (HttpStatusCode)response.Status, text, ReadRetryAfter(response), apiKey is not null, server);
        }
    }

    /// <summary>Sends through the library with the response (headers) timeout; the body is left unread.</summary>
    private async Task<PipelineResponse> SendWithTimeoutAsync(Func<RequestOptions, Task<PipelineResponse>> send, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ResponseTimeout);
        var requestOptions = new RequestOptions
        {
            CancellationToken = timeout.Token,
            ErrorOptions = ClientErrorBehaviors.NoThrow,
            BufferResponse = false,
        };
        if (apiKey is null)
        {
            requestOptions.AddPolicy(WithoutAuthorization.Instance, PipelinePosition.BeforeTransport);
        }

        requestOptions.AddPolicy(refuseRedirects, PipelinePosition.BeforeTransport);

        try
        {
            return await send(requestOptions);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw RemoteFailureTranslator.ResponseTimeout(Endpoints, options.ResponseTimeout);
        }
        catch (Exception error) when (error is OperationCanceledException or RemoteBackendException)
        {
            throw;
        }
        catch (ClientResultException error) when (error.InnerException is { } cause)
        {
            // The library wraps the HttpClient failure; the cause says refused, TLS, name resolution, …
            throw RemoteFailureTranslator.FromException(Endpoints, cause);
        }
        catch (Exception error)
        {
            throw RemoteFailureTranslator.FromException(Endpoints, error);
        }
    }

    /// <summary>Reads a small body (an error or the model list); a connection that breaks meanwhile becomes a <see cref="RemoteBackendException"/>.</summary>
    private async Task<string> ReadBodyTextAsync(PipelineResponse response, CancellationToken cancellationToken)
    {
        try
        {
            return (await response.BufferContentAsync(cancellationToken)).ToString();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw RemoteFailureTranslator.FromException(Endpoints, error);
        }
    }

    private bool ExceedsRetryAfterLimit(RemoteBackendException error) => error.RetryAfter is { } wait && wait > options.MaxRetryAfter;

    private static TimeSpan? ReadRetryAfter(PipelineResponse response)
    {
        if (!response.Headers.TryGetValue("Retry-After", out var header) || header is null)
        {
            return null;
        }

        if (int.TryParse(header.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(header.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>Removes the library's Authorization header when no key is configured (local servers need none).</summary>
    private sealed class WithoutAuthorization : PipelinePolicy
    {
        public static readonly WithoutAuthorization Instance = new();

        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Remove("Authorization");
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Remove("Authorization");
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
