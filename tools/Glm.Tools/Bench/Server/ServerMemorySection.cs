using System.Text.Json.Nodes;
using Glm.Inference.Gguf;
using Glm.Inference.Tokenization;
using Microsoft.Extensions.Logging;

namespace Glm.Tools.Bench.Server;

/// <summary>
/// Issue #5, part 5: the server's resident memory beyond the model and the KV cache, after load and after a short
/// typing session, with the server's default context size. Overhead = VmRSS − resident pages of the mapped model file
/// (when mapped) − the weights llama.cpp read into private memory (when not) − its repacked copy of the weights (Q4_0 is
/// repacked into anonymous memory at load) − the KV cache buffer.
/// What is left is .NET, TextMate grammars, llama.cpp's compute and output buffers and the server's own state.
/// </summary>
public sealed class ServerMemorySection : IBenchmarkSection
{
    private const double TargetMegabytes = 200;
    private const int DefaultContextSize = 4096;

    public string Name => "Server memory";

    public async Task<BenchSectionResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var tokenizer = GlmTokenizer.FromGguf(GgufReader.Read(context.ModelPath));
        var document = BenchDocument.Create(2000, tokenizer.CountTokens);
        // Debug level: llama.cpp's load log (buffer sizes) reaches the server's stderr only at that level.
        var settings = BenchSettings.Create(context, 16, 1024, DefaultContextSize, logLevel: "debug");
        await using var client = await BenchLanguageClient.StartAsync(context, true, settings, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var afterLoad = ProcessMemory.Read(client.ProcessId, context.ModelPath);

        var script = TypingScript.Create(context.Quick ? 4 : 12, BenchDocument.ParagraphEnds(document).Count);
        await new TypingSessionRunner(client, TypingSessionSection.DocumentUri, TypingSessionSection.KeystrokeInterval).RunAsync(document, script, cancellationToken);
        var afterSession = ProcessMemory.Read(client.ProcessId, context.ModelPath);

        var buffers = LlamaBufferSizes.Parse(client.LogLines);
        var kvBytes = buffers.KvCache > 0 ? buffers.KvCache : KvCacheBytes(context.ModelPath, DefaultContextSize);
        double Overhead(ProcessMemory m) => (m.Resident - m.ModelFileResident - buffers.ReadModel - buffers.RepackedModel - kvBytes) / 1048576.0;
        var overheadAfterLoad = Overhead(afterLoad);
        var overheadAfterSession = Overhead(afterSession);
        context.Logger.LogInformation("Server memory beyond model and KV: {Load:F0} MB after load, {Session:F0} MB after the session", overheadAfterLoad, overheadAfterSession);

        var targets = new[]
        {
            new BenchTarget(Name, "resident memory beyond model file and KV cache, after a typing session", Math.Round(overheadAfterSession, 1), TargetMegabytes, false, "MB",
                FormattableString.Invariant($"VmRSS {Mb(afterSession.Resident)} − model file resident {Mb(afterSession.ModelFileResident)} − weights read {Mb(buffers.ReadModel)} − repacked weights {Mb(buffers.RepackedModel)} − KV {Mb(kvBytes)}")),
        };
        var figures = new Dictionary<string, string>
        {
            ["overhead after load"] = FormattableString.Invariant($"{overheadAfterLoad:F1} MB"),
            ["overhead after session"] = FormattableString.Invariant($"{overheadAfterSession:F1} MB"),
            ["VmRSS after load / after session"] = $"{Mb(afterLoad.Resident)} / {Mb(afterSession.Resident)}",
            ["RssAnon / RssFile after session"] = $"{Mb(afterSession.Anonymous)} / {Mb(afterSession.FileBacked)}",
            ["model file resident after session"] = Mb(afterSession.ModelFileResident),
            ["llama.cpp weights read / repacked weights / KV / compute / output buffers"] =
                $"{Mb(buffers.ReadModel)} / {Mb(buffers.RepackedModel)} / {Mb(kvBytes)} / {Mb(buffers.Compute)} / {Mb(buffers.Output)}",
        };
        return new BenchSectionResult(Name, targets, figures, [], new JsonObject
        {
            ["contextSize"] = DefaultContextSize,
            ["afterLoad"] = Json(afterLoad),
            ["afterSession"] = Json(afterSession),
            ["repackedModelBytes"] = buffers.RepackedModel,
            ["mappedModelBytes"] = buffers.MappedModel,
            ["kvCacheBytes"] = kvBytes,
            ["kvCacheFromLog"] = buffers.KvCache > 0,
            ["computeBufferBytes"] = buffers.Compute,
            ["outputBufferBytes"] = buffers.Output,
        });
    }

    /// <summary>KV bytes computed from the GGUF when the log did not say: K and V, F16, per layer, per KV head.</summary>
    internal static long KvCacheBytes(string modelPath, int contextSize)
    {
        var file = GgufReader.Read(modelPath);
        var architecture = file.Architecture ?? "chatglm";
        var layers = file.GetUInt32($"{architecture}.block_count");
        var embedding = file.GetUInt32($"{architecture}.embedding_length");
        var heads = file.GetUInt32($"{architecture}.attention.head_count");
        var kvHeads = file.TryGetUInt32($"{architecture}.attention.head_count_kv", out var kv) ? kv : heads;
        return (long)contextSize * layers * kvHeads * (embedding / heads) * 2 * sizeof(short);
    }

    private static JsonObject Json(ProcessMemory memory) => new()
    {
        ["residentBytes"] = memory.Resident,
        ["anonymousBytes"] = memory.Anonymous,
        ["fileBackedBytes"] = memory.FileBacked,
        ["modelFileResidentBytes"] = memory.ModelFileResident,
    };

    private static string Mb(long bytes) => FormattableString.Invariant($"{bytes / 1048576.0:F1} MB");
}
