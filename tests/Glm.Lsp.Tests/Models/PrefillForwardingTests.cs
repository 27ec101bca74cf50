using Glm.Inference.Generation;
using Glm.Lsp.Models;

namespace Glm.Lsp.Tests.Models;

/// <summary>The generators that wrap the loaded one pass a prefill through unchanged, with its token and its result.</summary>
public class PrefillForwardingTests
{
    private static readonly GenerationRequest Request = new(new RawPrompt("[gMASK]<sop>text"), GenerationOptions.Greedy);

    [Fact]
    public async Task The_metered_generator_forwards_a_prefill_without_reporting_generation_activity()
    {
        var inner = new PrefillRecorder();
        var activity = new List<bool>();
        var metered = new MeteredGenerator(inner, (_, active) => activity.Add(active));
        using var cancellation = new CancellationTokenSource();

        var result = await metered.PrefillAsync(Request, cancellation.Token);

        Assert.Same(PrefillRecorder.Result, result);
        Assert.Same(Request, inner.Request);
        Assert.Equal(cancellation.Token, inner.Token);
        Assert.Empty(activity);
        Assert.False(metered.IsGenerating);
    }

    [Fact]
    public async Task The_probed_generator_forwards_a_prefill()
    {
        var inner = new PrefillRecorder();
        var probed = new ProbedGenerator(inner, "connection refused");
        using var cancellation = new CancellationTokenSource();

        var result = await probed.PrefillAsync(Request, cancellation.Token);

        Assert.Same(PrefillRecorder.Result, result);
        Assert.Same(Request, inner.Request);
        Assert.Equal(cancellation.Token, inner.Token);
    }

    private sealed class PrefillRecorder : ITextGenerator
    {
        public static readonly PrefillResult Result = new(12, 12, 7, Preempted: false);

        public GenerationRequest? Request { get; private set; }

        public CancellationToken Token { get; private set; }

        public ModelDescription Model => throw new NotSupportedException();

        public IAsyncEnumerable<GenerationChunk> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public int CountTokens(string text) => throw new NotSupportedException();

        public Task<PrefillResult> PrefillAsync(GenerationRequest request, CancellationToken cancellationToken = default)
        {
            Request = request;
            Token = cancellationToken;
            return Task.FromResult(Result);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
