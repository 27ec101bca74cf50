using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Glm.Inference.Networking;

/// <summary>
/// Accepts a server certificate that the system store trusts, or one that chains to an extra CA from a PEM file.
/// Corporate TLS inspection re-signs every site with a private root that is often missing from the system store.
/// </summary>
public sealed class ExtraCertificateTrust
{
    private readonly X509Certificate2Collection extraRoots;

    public ExtraCertificateTrust(X509Certificate2Collection extraRoots)
    {
        this.extraRoots = extraRoots;
    }

    public static ExtraCertificateTrust FromPemFile(string path)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"Could not read the CA certificates in '{path}': {error.Message}", error);
        }

        if (roots.Count == 0)
        {
            throw new InvalidOperationException($"The file '{path}' holds no PEM certificate.");
        }

        return new ExtraCertificateTrust(roots);
    }

    public int Count => extraRoots.Count;

    public bool Validate(X509Certificate? certificate, X509Chain? systemChain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A wrong host name or a missing certificate is never excused by an extra root.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(extraRoots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (systemChain is not null)
        {
            foreach (var element in systemChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
