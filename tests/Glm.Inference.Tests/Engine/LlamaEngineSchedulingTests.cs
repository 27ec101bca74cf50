using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Glm.TestModels;

namespace Glm.Inference.Tests.Engine;

/// <summary>Supersede, priorities and many callers at once.</summary>
[Trait("Speed", "Slow")]
public class LlamaEngineSchedulingTests
{
    private const string Prefix = "[gMASK]<sop>";

    [Fact]
    public async Task ANewerRequestWithTheSameKeySupersedesTheOlder()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);
        var older = engine.RunAsync(
            new RawPrompt(Prefix + EngineTestModels.Words(0, 10)), new GenerationOptions { MaxTokens = 1400 }, supersedeKey: "file:///a.cs");
        var newer = engine.RunAsync(
            new RawPrompt(Prefix + EngineTestModels.Words(0, 20)), new GenerationOptions { MaxTokens = 3 }, supersedeKey: "file:///a.cs");

        var exception = await Assert.ThrowsAsync<GenerationSupersededException>(() => older);
        Assert.Equal("A newer request for the same key superseded this generation.", exception.Message);
        Assert.Equal(EngineTestModels.Words(20, 3), (await newer).Text);
    }

    [Fact]
    public async Task ARequestForAnOlderVersionArrivingLate_IsSupersededAtOnceAndLeavesTheNewerRunning()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);
        // The newer version's request got to the engine first: handlers run concurrently, so under load they can.
        await using var newer = await StartLongGenerationAsync(engine, supersedeVersion: 5);

        var older = engine.RunAsync(
            new RawPrompt(Prefix + EngineTestModels.Words(0, 10)), new GenerationOptions { MaxTokens = 3 }, supersedeKey: "file:///a.md", supersedeVersion: 4);

        var exception = await Assert.ThrowsAsync<GenerationSupersededException>(() => older);
        Assert.Equal("A newer request for the same key superseded this generation.", exception.Message);
        Assert.Equal(EngineTestModels.Words(20, LongGenerationTokens), await ReadToEndAsync(newer));
    }

    [Fact]
    public async Task ARequestWhoseTokenIsAlreadyCancelled_SupersedesNothing()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);
        await using var running = await StartLongGenerationAsync(engine, supersedeVersion: 0);

        var cancelled = engine.RunAsync(
            new RawPrompt(Prefix + EngineTestModels.Words(0, 10)), supersedeKey: "file:///a.md", cancellationToken: new CancellationToken(canceled: true));

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.IsNotType<GenerationSupersededException>(exception);
        Assert.Equal(EngineTestModels.Words(20, LongGenerationTokens), await ReadToEndAsync(running));
    }

    [Fact]
    public async Task AWaitingUserActionRunsBeforeAnEarlierBackgroundRequest()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);
        using var stopBusy = new CancellationTokenSource();
        // Long enough that it cannot end by itself while the test queues the other two, however loaded the machine is.
        var busy = new GenerationRequest(new RawPrompt(Prefix + EngineTestModels.Words(0, 1)), new GenerationOptions { MaxTokens = 1400 });
        await using var busyStream = engine.GenerateAsync(busy, stopBusy.Token).GetAsyncEnumerator();
        Assert.True(await busyStream.MoveNextAsync());

        var background = engine.RunAsync(
            new RawPrompt(Prefix + EngineTestModels.Words(5, 1)), new GenerationOptions { MaxTokens = 3 }, priority: RequestPriority.Background);
        var user = engine.RunAsync(
            new RawPrompt(Prefix + EngineTestModels.Words(7, 1)), new GenerationOptions { MaxTokens = 3 }, priority: RequestPriority.UserAction);
        await stopBusy.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(async () =>
        {
            while (await busyStream.MoveNextAsync())
            {
            }
        });

        var (userStats, backgroundStats) = ((await user).Stats, (await background).Stats);
        Assert.Equal(EngineTestModels.Words(8, 3), (await user).Text);
        Assert.Equal(EngineTestModels.Words(6, 3), (await background).Text);
        // The background request arrived first, yet waited for the whole user request on top of what the user waited.
        Assert.True(
            backgroundStats.QueueTime > userStats.QueueTime + userStats.PromptTime + userStats.GenerationTime,
            $"background waited {backgroundStats.QueueTime}, user waited {userStats.QueueTime} and ran {userStats.PromptTime + userStats.GenerationTime}");
    }

    [Fact]
    public async Task ManyCallersOnManyThreadsAllGetExactAnswers()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Default);
        string[] prompts = ["Good", "Good documentation explains", "Good documentation explains why the code exists,"];

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
        {
            var texts = new List<(string Prompt, string Text)>();
            for (var i = 0; i < 3; i++)
            {
                var prompt = prompts[(caller + i) % prompts.Length];
                var result = await engine.RunAsync(new RawPrompt(Prefix + prompt), new GenerationOptions { MaxTokens = 200 });
                texts.Add((prompt, result.Text));
            }

            return texts;
        })));

        foreach (var (prompt, text) in results.SelectMany(r => r))
        {
            Assert.Equal(DefaultCorpus.Prose[prompt.Length..], text);
        }
    }

    [Fact]
    public async Task CountingTokensOnOtherThreadsWhileGeneratingIsExact()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Default);
        var generations = Enumerable.Range(0, 4).Select(_ => engine.RunAsync(new RawPrompt(Prefix + "Good"))).ToArray();

        var counts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(
            () => Enumerable.Range(0, 200).Select(_ => engine.CountTokens("Good documentation explains")).Distinct().ToArray())));

        Assert.All(counts, c => Assert.Equal([3], c));
        Assert.All(await Task.WhenAll(generations), r => Assert.Equal(DefaultCorpus.Prose["Good".Length..], r.Text));
    }

    /// <summary>Long enough that it cannot end by itself while a test queues another request, however loaded the machine is.</summary>
    private const int LongGenerationTokens = 1400;

    /// <summary>Starts a generation for file:///a.md continuing 20 words of the long corpus, once its first chunk is out.</summary>
    private static async Task<IAsyncEnumerator<GenerationChunk>> StartLongGenerationAsync(LlamaEngine engine, long supersedeVersion)
    {
        var request = new GenerationRequest(new RawPrompt(Prefix + EngineTestModels.Words(0, 20)), new GenerationOptions { MaxTokens = LongGenerationTokens })
        {
            SupersedeKey = "file:///a.md",
            SupersedeVersion = supersedeVersion,
        };
        var stream = engine.GenerateAsync(request).GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());
        return stream;
    }

    /// <summary>The current chunk's text and every later one's.</summary>
    private static async Task<string> ReadToEndAsync(IAsyncEnumerator<GenerationChunk> stream)
    {
        var text = new System.Text.StringBuilder(stream.Current.Text);
        while (await stream.MoveNextAsync())
        {
            text.Append(stream.Current.Text);
        }

        return text.ToString();
    }
}
