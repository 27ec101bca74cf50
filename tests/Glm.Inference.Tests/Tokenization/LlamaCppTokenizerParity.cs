using System.Text;
using Glm.Inference.Native;
using LLama;
using LLama.Common;

namespace Glm.Inference.Tests.Tokenization;

/// <summary>Tokenizes with llama.cpp itself (the reference our tokenizer must match).</summary>
internal static class LlamaCppTokenizerParity
{
    public static LLamaWeights Load(string path)
    {
        NativeLogging.EnsureInitialized();
        // vocab_only would be enough, but LLamaSharp 0.30 exposes it only through ModelParams; loading a tiny model is fast.
        return LLamaWeights.LoadFromFile(new ModelParams(path) { GpuLayerCount = 0 });
    }

    public static int[] Tokenize(LLamaWeights weights, string text) =>
        weights.Tokenize(text, false, true, Encoding.UTF8).Select(token => (int)token).ToArray();

    /// <summary>"id:text" pairs, so a mismatch shows where the split differs.</summary>
    public static string Describe(IEnumerable<int> ids, Func<int, string> text) =>
        string.Join(" ", ids.Select(id => $"{id}:{text(id)}"));
}
