using System.ClientModel.Primitives;
using Glm.Inference.Networking;

namespace Glm.Inference.Remote;

/// <summary>
/// Ends every redirect answer with an error naming its target, right after the transport and before the library's own
/// handling (its server-sent-events reader follows redirects itself): following one could carry the prompt to a
/// plain-http host that the loopback-only rule for http endpoints would have refused.
/// </summary>
internal sealed class RedirectRefusal(RemoteEndpoints endpoints) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ProcessNext(message, pipeline, currentIndex);
        Check(message);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex);
        Check(message);
    }

    private void Check(PipelineMessage message)
    {
        if (message.Response is not { Status: >= 300 and < 400 } response)
        {
            return;
        }

        var target = response.Headers.TryGetValue("Location", out var location) && location is not null
            && Uri.TryCreate(message.Request.Uri ?? endpoints.ApiBase, location, out var resolved)
            ? DisplayUrl.Redact(resolved)
            : "(no Location header)";
        var status = response.Status;
        response.Dispose();
        throw new RemoteBackendException(
            RemoteErrorKind.BadResponse,
            $"{endpoints.Display} redirected the request ({status}) to {target}; redirects are not followed. If you trust that address, set it as the endpoint.")
        { StatusCode = status };
    }
}
