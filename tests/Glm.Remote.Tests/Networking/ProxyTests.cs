using System.Net;
using Glm.Inference.Networking;
using Glm.Inference.Remote;
using Glm.Remote.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace Glm.Remote.Tests.Networking;

public class ProxyTests
{
    [Fact]
    public async Task A_request_for_a_named_host_goes_through_the_proxy_from_HTTP_PROXY()
    {
        await using var proxy = new TinyProxy();
        var environment = new Dictionary<string, string> { ["HTTP_PROXY"] = proxy.Url.ToString() };
        using var client = GlmHttpClientFactory.Create(NetworkSettings.Default, name => environment.GetValueOrDefault(name));

        var body = await client.GetStringAsync(new Uri("http://models.corp.example/v1/models"));

        Assert.Equal(TinyProxy.AnswerBody, body);
        Assert.Equal(["GET http://models.corp.example/v1/models HTTP/1.1"], proxy.RequestLines.ToArray());
    }

    [Fact]
    public async Task Loopback_is_never_proxied()
    {
        await using var proxy = new TinyProxy();
        await using var server = await LocalHttpServer.StartAsync(app => app.MapGet("/ping", () => "direct"));
        var settings = new NetworkSettings { Proxy = proxy.Url.ToString() };
        using var client = GlmHttpClientFactory.Create(settings, _ => null);

        var viaIp = await client.GetStringAsync(new Uri(server.BaseUrl, "/ping"));
        var viaName = await client.GetStringAsync(new Uri($"http://localhost:{server.BaseUrl.Port}/ping"));

        Assert.Equal("direct", viaIp);
        Assert.Equal("direct", viaName);
        Assert.Empty(proxy.RequestLines);
    }

    [Fact]
    public async Task Https_through_the_proxy_opens_a_tunnel_and_a_refused_tunnel_is_a_proxy_failure()
    {
        await using var proxy = new TinyProxy();
        var options = new RemoteBackendOptions
        {
            Endpoint = new Uri("https://models.corp.example/v1"),
            Model = "glm-4-9b-chat",
            MaxRetries = 0,
            Network = new NetworkSettings { Proxy = proxy.Url.ToString() },
        };
        await using var generator = new OpenAiCompatibleGenerator(options, environment: _ => null);

        var error = await Assert.ThrowsAsync<RemoteBackendException>(() => Remote.RemoteTestHelpers.CollectAsync(generator, Inference.Generation.ChatPrompt.FromUser("hi")));

        Assert.Equal(RemoteErrorKind.ProxyFailure, error.Kind);
        Assert.StartsWith("The proxy refused the connection to https://models.corp.example: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(["CONNECT models.corp.example:443 HTTP/1.1", "CONNECT models.corp.example:443 HTTP/1.1"], proxy.RequestLines.ToArray());
    }

    [Theory]
    [InlineData("http://models.corp.example/x", "http://proxy.corp:3128/")]
    [InlineData("https://models.corp.example/x", "http://secure-proxy.corp:8443/")]
    [InlineData("https://internal.corp.example/x", null)]
    [InlineData("https://deep.internal.corp.example/x", null)]
    [InlineData("https://mirror.lan:8443/x", null)]
    [InlineData("https://mirror.lan:9443/x", "http://secure-proxy.corp:8443/")]
    [InlineData("http://localhost:8080/x", null)]
    [InlineData("http://127.0.0.1:8080/x", null)]
    [InlineData("http://[::1]:8080/x", null)]
    public void Environment_proxy_rules_follow_NO_PROXY(string destination, string? expectedProxy)
    {
        var environment = new Dictionary<string, string>
        {
            ["http_proxy"] = "proxy.corp:3128",
            ["HTTPS_PROXY"] = "http://secure-proxy.corp:8443",
            ["NO_PROXY"] = "internal.corp.example, mirror.lan:8443",
        };
        var proxy = new ConfiguredProxy(NetworkSettings.Default, name => environment.GetValueOrDefault(name));

        Assert.Equal(expectedProxy, proxy.GetProxy(new Uri(destination))?.ToString());
    }

    [Fact]
    public void An_explicit_proxy_setting_wins_over_the_environment_and_adds_its_own_exceptions()
    {
        var environment = new Dictionary<string, string> { ["HTTPS_PROXY"] = "http://env-proxy:1" };
        var settings = new NetworkSettings { Proxy = "http://setting-proxy:2", NoProxy = [".hf-mirror.corp"] };
        var proxy = new ConfiguredProxy(settings, name => environment.GetValueOrDefault(name));

        Assert.Equal("http://setting-proxy:2/", proxy.GetProxy(new Uri("https://huggingface.co/x"))?.ToString());
        Assert.Null(proxy.GetProxy(new Uri("https://a.hf-mirror.corp/x")));
    }

    [Fact]
    public void Without_any_proxy_nothing_is_proxied()
    {
        var proxy = new ConfiguredProxy(NetworkSettings.Default, _ => null);

        Assert.False(proxy.HasProxy);
        Assert.Null(proxy.GetProxy(new Uri("https://huggingface.co/x")));
    }

    [Fact]
    public async Task Credentials_in_the_proxy_url_are_sent_to_the_proxy_and_never_kept_in_the_url()
    {
        await using var proxy = new TinyProxy { RequiredCredentials = "alice:s3cr%t" };
        var environment = new Dictionary<string, string> { ["HTTP_PROXY"] = $"http://alice:s3cr%25t@127.0.0.1:{proxy.Url.Port}" };
        using var client = GlmHttpClientFactory.Create(NetworkSettings.Default, name => environment.GetValueOrDefault(name));

        using var response = await client.GetAsync(new Uri("http://models.example.invalid/v1/models"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Basic " + Convert.ToBase64String("alice:s3cr%t"u8.ToArray()), proxy.ProxyAuthorizations);
        var configured = new ConfiguredProxy(NetworkSettings.Default, name => environment.GetValueOrDefault(name));
        Assert.Equal($"http://127.0.0.1:{proxy.Url.Port}/", configured.GetProxy(new Uri("http://models.example.invalid/"))?.ToString());
    }

    [Fact]
    public void A_malformed_proxy_setting_is_reported_without_its_password()
    {
        var error = Assert.Throws<ArgumentException>(() => new ConfiguredProxy(new NetworkSettings { Proxy = "http://alice:pw@[bad:3128" }, _ => null));

        Assert.Equal("The proxy setting '***@[bad:3128' is not a valid URL. (Parameter 'value')", error.Message);
    }
}
