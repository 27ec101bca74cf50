namespace Glm.Inference.Engine;

/// <summary>
/// Hooks a test injects into the inference thread through <see cref="LlamaEngine.LoadAsync(EngineOptions, IProgress{double}?, Microsoft.Extensions.Logging.ILogger?, IEngineTestHooks?, CancellationToken)"/>,
/// so faults and cancellations land at a known point of the real native path. Production loads pass none; every
/// member runs on the inference thread, and a member left out keeps the engine's normal behaviour.
/// </summary>
public interface IEngineTestHooks
{
    /// <summary>
    /// Called each time ggml polls the abort callback inside a decode call, with the running job's token, before the
    /// callback answers; a test can cancel there at a moment that is certainly inside a decode call. False makes the
    /// callback never stop the call, as on a GPU backend, which does not honour it for offloaded work.
    /// </summary>
    /// <returns>True to let the callback abort a cancelled job's decode call (the normal behaviour).</returns>
    bool AbortPolled(CancellationToken runningToken) => true;

    /// <summary>Called after each llama_decode call; true reports the call as failed, as a model that breaks mid-generation would.</summary>
    bool FailsDecodeCall() => false;

    /// <summary>Called after each chunk a background prefill evaluated, with the tokens its slot holds now; a test can
    /// enqueue a request or cancel there, at a known point between two chunks.</summary>
    void PrefillChunkEvaluated(int cachedTokens)
    {
    }
}
