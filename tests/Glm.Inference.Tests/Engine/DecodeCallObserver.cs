using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

/// <summary>Runs <paramref name="observe"/> on the inference thread after each llama_decode call; fails none.</summary>
internal sealed class DecodeCallObserver(Action observe) : IEngineTestHooks
{
    public bool FailsDecodeCall()
    {
        observe();
        return false;
    }
}
