using System.ClientModel;
using System.ClientModel.Primitives;

namespace Glm.Inference.Remote;

/// <summary>Requests the OpenAI library has no method for (plain /completions, /models of any server shape), sent
/// through its pipeline so they get the same authentication, headers and transport as its own calls.</summary>
internal static class PipelineRawRequests
{
    /// <summary>Sends one request and takes its unbuffered response out of the message (the caller disposes it).</summary>
    public static async Task<PipelineResponse> SendRawAsync(this ClientPipeline pipeline, string method, Uri url, BinaryContent? content, RequestOptions requestOptions)
    {
        using var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri = url;
        if (content is not null)
        {
            message.Request.Headers.Set("Content-Type", "application/json");
            message.Request.Headers.Set("Accept", "text/event-stream");
            message.Request.Content = content;
        }

        message.Apply(requestOptions);
        message.BufferResponse = false;
        await pipeline.SendAsync(message);
        return message.ExtractResponse() ?? throw new InvalidOperationException($"{method} {url} produced no response.");
    }
}
