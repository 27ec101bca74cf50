using Glm.Inference.Generation;
using Glm.Inference.Remote;

namespace Glm.Remote.Tests.Remote;

internal static class RemoteTestHelpers
{
    public static RemoteBackendOptions Options(Uri server, string model = "glm-4-9b-chat", TimeSpan? streamIdleTimeout = null, string? apiKey = "secret-key") => new()
    {
        Endpoint = new Uri(server, "/v1"),
        Model = model,
        ApiKey = apiKey,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        ResponseTimeout = TimeSpan.FromSeconds(10),
        StreamIdleTimeout = streamIdleTimeout ?? TimeSpan.FromSeconds(10),
    };

    /// <summary>Generators in tests never read the real environment (a developer's GLM_LSP_API_KEY or proxy must not leak in).</summary>
    public static OpenAiCompatibleGenerator Generator(RemoteBackendOptions options) => new(options, environment: _ => null);

    public static async Task<(string Text, GenerationStats Stats)> CollectAsync(ITextGenerator generator, Prompt prompt, GenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = new System.Text.StringBuilder();
        GenerationStats? stats = null;
        await foreach (var chunk in generator.GenerateAsync(new GenerationRequest(prompt, options ?? GenerationOptions.Greedy), cancellationToken))
        {
            text.Append(chunk.Text);
            stats = chunk.Completed ?? stats;
        }

        return (text.ToString(), stats ?? throw new InvalidOperationException("The stream ended without stats."));
    }

    public static async Task<RemoteBackendException> FailureAsync(ITextGenerator generator, Prompt? prompt = null) =>
        await Assert.ThrowsAsync<RemoteBackendException>(() => CollectAsync(generator, prompt ?? ChatPrompt.FromUser("hi")));
}
