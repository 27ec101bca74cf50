using System.Text.Json.Nodes;

namespace Glm.Inference.Remote;

/// <summary>Which OpenAI endpoint a request goes to.</summary>
public enum RemoteApi
{
    ChatCompletions,
    Completions,
}

/// <summary>A formatted request: the endpoint and the prompt part of its JSON body
/// (<c>messages</c> for chat, <c>prompt</c> for completions).</summary>
public sealed record RemoteCall(RemoteApi Api, JsonObject PromptFields);
