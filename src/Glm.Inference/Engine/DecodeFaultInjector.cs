namespace Glm.Inference.Engine;

/// <summary>
/// Makes the n-th llama_decode call since load (1-based) fail after it ran, so tests can make the model break
/// mid-generation on the real native path. One instance per load: it counts the calls of one engine.
/// </summary>
public sealed class DecodeFaultInjector : IEngineTestHooks
{
    private readonly int failingCall;
    private int calls;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="failingCall"/> is not positive.</exception>
    public DecodeFaultInjector(int failingCall)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failingCall);
        this.failingCall = failingCall;
    }

    /// <summary>Counts one decode call; true for the chosen one.</summary>
    public bool FailsDecodeCall() => ++calls == failingCall;
}
