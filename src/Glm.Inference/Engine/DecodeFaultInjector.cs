namespace Glm.Inference.Engine;

/// <summary>
/// Counts llama_decode calls and says when the one chosen by <see cref="EngineOptions.FailDecodeCall"/> is reached, so
/// tests can make the model fail mid-generation on the real native path. Used only by the inference thread.
/// </summary>
internal sealed class DecodeFaultInjector(int failingCall)
{
    private int calls;

    /// <summary>An injector when the options ask for one, else null (no cost on the decode path).</summary>
    public static DecodeFaultInjector? For(EngineOptions options) =>
        options.FailDecodeCall is { } call ? new DecodeFaultInjector(call) : null;

    /// <summary>Counts one decode call; true for the chosen one.</summary>
    public bool FailsNow() => ++calls == failingCall;
}
