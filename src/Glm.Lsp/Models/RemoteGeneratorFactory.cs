using Glm.Inference.Generation;
using Glm.Inference.Networking;
using Glm.Inference.Remote;
using Glm.Lsp.Settings;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Models;

/// <summary>Connects to the OpenAI-compatible server of glm.remote.endpoint / glm.remote.model.</summary>
public sealed class RemoteGeneratorFactory(ApiKeyStore apiKeys, ILoggerFactory loggerFactory) : IGeneratorFactory
{
    public async Task<ITextGenerator> LoadAsync(ModelSettings settings, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(progress);
        var remote = settings.Remote ?? throw new ArgumentException("No remote endpoint is configured.", nameof(settings));
        var generator = new OpenAiCompatibleGenerator(CreateOptions(remote, apiKeys.Resolve()), loggerFactory.CreateLogger("Glm.Inference.Remote"));
        progress.Report(0.5);
        try
        {
            // One request to /models tells whether the server is reachable and the key accepted; the answer also says
            // whether it is a llama.cpp server (cache_prompt). A server that is down now may come up later, so the
            // generator is kept: each request retries and reports its own failure.
            await generator.DescribeServerAsync(cancellationToken);
        }
        catch (RemoteBackendException error)
        {
            loggerFactory.CreateLogger<RemoteGeneratorFactory>().LogWarning("{Backend}: {Message}", remote.Display, error.Message);
            progress.Report(1);
            return new ProbedGenerator(generator, error.Message);
        }

        progress.Report(1);
        return generator;
    }

    /// <summary>Turns the settings into the engine's options; a setting a user must fix throws <see cref="RemoteBackendException"/>
    /// naming it.</summary>
    /// <param name="remote">The settings.</param>
    /// <param name="apiKey">The key; null reads GLM_LSP_API_KEY.</param>
    /// <param name="allowInsecureHint">How the user allows plain HTTP where this is called (a setting or a command-line flag).</param>
    public static RemoteBackendOptions CreateOptions(RemoteModelSettings remote, string? apiKey, string allowInsecureHint = "set glm.remote.allowInsecureHttp to true")
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (!Uri.TryCreate(remote.Endpoint, UriKind.Absolute, out var endpoint))
        {
            throw new RemoteBackendException(RemoteErrorKind.BadRequest, $"glm.remote.endpoint \"{DisplayUrl.Redact(remote.Endpoint)}\" is not an absolute URL such as https://host:8000/v1.");
        }

        if (remote.Model.Length == 0)
        {
            throw new RemoteBackendException(RemoteErrorKind.BadRequest, "glm.remote.model is empty: set it to a model name the server at glm.remote.endpoint knows.");
        }

        if (endpoint.Scheme == Uri.UriSchemeHttp && !remote.AllowInsecureHttp && !LoopbackHost.IsLoopback(endpoint))
        {
            throw new RemoteBackendException(
                RemoteErrorKind.InsecureEndpointRefused,
                $"Refusing plain HTTP to {endpoint.Host}: the API key and your text would cross the network unencrypted. "
                + $"Use https://, or {allowInsecureHint} if this network is trusted.");
        }

        return new RemoteBackendOptions
        {
            Endpoint = endpoint,
            Model = remote.Model,
            ApiKey = apiKey,
            AllowInsecureRemote = remote.AllowInsecureHttp,
            Network = NetworkSettings.Default with
            {
                Proxy = remote.Proxy.Length == 0 ? null : remote.Proxy,
                ExtraCaCertificatesPath = remote.CaCertificates.Length == 0 ? null : remote.CaCertificates,
            },
        };
    }
}
