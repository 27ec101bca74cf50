using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Glm.Inference.Remote;

/// <summary>
/// Sends requests to one OpenAI-compatible server: bearer key, timeouts, retries of transient failures and translation
/// of every failure into <see cref="RemoteBackendException"/>.
/// </summary>
internal sealed class RemoteHttpTransport
{
    private readonly HttpClient client;
    private readonly RemoteBackendOptions options;
    private readonly string? apiKey;
    private readonly ILogger logger;
    private readonly ResiliencePipeline retryPipeline;

    public RemoteHttpTransport(HttpClient client, RemoteBackendOptions options, RemoteEndpoints endpoints, string? apiKey, ILogger logger)
    {
        this.client = client;
        this.options = options;
        this.apiKey = apiKey;
        this.logger = logger;
        Endpoints = endpoints;
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
    public async Task<HttpResponseMessage> PostStreamingAsync(Uri url, JsonObject body, Func<CancellationToken, Task<RemoteServerInfo>> describeServer, CancellationToken cancellationToken)
    {
        var json = body.ToJsonString();
        return await retryPipeline.ExecuteAsync(
            async token => await SendOnceAsync(url, json, describeServer, token),
            cancellationToken);
    }

    /// <summary>Lists the server's models; failures become <see cref="RemoteBackendException"/>.</summary>
    public async Task<RemoteServerInfo> GetServerInfoAsync(CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Get, Endpoints.Models);
        using var response = await SendWithTimeoutAsync(request, cancellationToken);
        var text = await ReadBodyTextAsync(response, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw RemoteFailureTranslator.FromStatus(Endpoints, options.Model, response.StatusCode, text, null, apiKey is not null, null);
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

    private async Task<HttpResponseMessage> SendOnceAsync(Uri url, string json, Func<CancellationToken, Task<RemoteServerInfo>> describeServer, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Post, url);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await SendWithTimeoutAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await ReadBodyTextAsync(response, cancellationToken);
            RemoteServerInfo? server = null;
            if (response.StatusCode == HttpStatusCode.NotFound)
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

            throw RemoteFailureTranslator.FromStatus(Endpoints, options.Model, response.StatusCode, text, ReadRetryAfter(response), apiKey is not null, server);
        }
    }

    private async Task<HttpResponseMessage> SendWithTimeoutAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ResponseTimeout);
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw RemoteFailureTranslator.ResponseTimeout(Endpoints, options.ResponseTimeout);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception error)
        {
            throw RemoteFailureTranslator.FromException(Endpoints, error);
        }
    }

    /// <summary>Reads a small body (an error or the model list); a connection that breaks meanwhile becomes a <see cref="RemoteBackendException"/>.</summary>
    private async Task<string> ReadBodyTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw RemoteFailureTranslator.FromException(Endpoints, error);
        }
    }

    private HttpRequestMessage NewRequest(HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return request;
    }

    private bool ExceedsRetryAfterLimit(RemoteBackendException error) => error.RetryAfter is { } wait && wait > options.MaxRetryAfter;

    private static TimeSpan? ReadRetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
