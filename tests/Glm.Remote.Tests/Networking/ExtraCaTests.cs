using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Glm.Inference.Generation;
using Glm.Inference.Networking;
using Glm.Inference.Remote;
using Glm.Remote.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Glm.Remote.Tests.Networking;

public sealed class ExtraCaTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("glm-ca-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task A_server_signed_by_a_private_ca_is_refused_then_trusted_with_the_ca_pem_file()
    {
        var (caPem, serverCertificate) = CreateCaAndServerCertificate();
        using var _ = serverCertificate;
        var pemPath = Path.Combine(directory, "corp-root.pem");
        await File.WriteAllTextAsync(pemPath, caPem);
        await using var server = await LocalHttpServer.StartAsync(
            app =>
            {
                VllmServer.MapModels(app, "vllm", "glm-4-9b-chat");
                app.MapPost("/v1/chat/completions", (HttpContext context) => VllmServer.WriteEventsAsync(context, VllmServer.ChatChunk("over tls", "stop"), VllmServer.Done));
            },
            serverCertificate);
        var endpoint = new Uri($"https://localhost:{server.BaseUrl.Port}/v1");

        await using var untrusting = new OpenAiCompatibleGenerator(new RemoteBackendOptions { Endpoint = endpoint, Model = "glm-4-9b-chat", MaxRetries = 0 }, environment: _ => null);
        var error = await Assert.ThrowsAsync<RemoteBackendException>(() => Remote.RemoteTestHelpers.CollectAsync(untrusting, ChatPrompt.FromUser("hi")));
        await using var trusting = new OpenAiCompatibleGenerator(
            new RemoteBackendOptions { Endpoint = endpoint, Model = "glm-4-9b-chat", Network = new NetworkSettings { ExtraCaCertificatesPath = pemPath } },
            environment: _ => null);
        var (text, _) = await Remote.RemoteTestHelpers.CollectAsync(trusting, ChatPrompt.FromUser("hi"));

        Assert.Equal(RemoteErrorKind.TlsFailure, error.Kind);
        Assert.StartsWith($"The TLS connection to https://localhost:{server.BaseUrl.Port} failed: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("If a corporate proxy inspects TLS, point extraCaCertificates at its root CA (PEM).", error.Message, StringComparison.Ordinal);
        Assert.Equal("over tls", text);
    }

    [Fact]
    public void A_pem_file_without_certificates_is_reported()
    {
        var path = Path.Combine(directory, "empty.pem");
        File.WriteAllText(path, "not a certificate\n");

        var error = Assert.Throws<InvalidOperationException>(() => GlmHttpClientFactory.Create(new NetworkSettings { ExtraCaCertificatesPath = path }));

        Assert.Equal($"The file '{path}' holds no PEM certificate.", error.Message);
    }

    private static (string CaPem, X509Certificate2 ServerCertificate) CreateCaAndServerCertificate()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Glm Test Corporate Root", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), [1, 2, 3, 4]);
        using var withKey = signed.CopyWithPrivateKey(serverKey);

        // Kestrel on Linux wants a certificate whose key can be exported to its TLS stack: round-trip through PKCS#12.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (ca.ExportCertificatePem(), server);
    }
}
