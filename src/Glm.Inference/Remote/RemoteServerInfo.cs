namespace Glm.Inference.Remote;

/// <summary>What the server told about itself through <c>/v1/models</c>.</summary>
/// <param name="Models">Model ids it serves.</param>
/// <param name="IsLlamaCppServer">True when a model is <c>owned_by: llamacpp</c>: such a server accepts <c>cache_prompt</c>.</param>
public sealed record RemoteServerInfo(IReadOnlyList<string> Models, bool IsLlamaCppServer)
{
    public static RemoteServerInfo Unknown { get; } = new([], false);
}
