namespace Glm.Inference.Remote;

/// <summary>Whether raw and fill-in-the-middle prompts use the plain <c>/v1/completions</c> endpoint.</summary>
public enum CompletionsEndpointMode
{
    /// <summary>Use it; when the server answers 404 for the path, fall back to chat completions and remember.</summary>
    Auto,

    /// <summary>Always use it (errors are reported as they come).</summary>
    Always,

    /// <summary>Never use it: every prompt is sent as chat messages.</summary>
    Never,
}
