using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Glm.Inference.Generation;
using Glm.Inference.Remote;
using Glm.Remote.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Glm.Remote.Tests.Remote.RemoteTestHelpers;

namespace Glm.Remote.Tests.Remote;

public class PromptBudgetTests
{
    // One token per character makes every cut easy to check by eye.
    private static int CountCharacters(string text) => text.Length;

    [Fact]
    public void A_long_raw_prompt_keeps_its_end()
    {
        var (prompt, truncated) = RemotePromptBudget.Fit(new RawPrompt("0123456789abcdef"), CountCharacters, 6);

        Assert.True(truncated);
        Assert.Equal(new RawPrompt("abcdef"), prompt);
    }

    [Fact]
    public void Fill_in_the_middle_gives_the_suffix_a_quarter_and_the_prefix_the_rest()
    {
        var (prompt, truncated) = RemotePromptBudget.Fit(new FillInTheMiddlePrompt("prefix-0123456789", "suffix-0123456789"), CountCharacters, 20);

        Assert.True(truncated);
        Assert.Equal(new FillInTheMiddlePrompt("efix-0123456789", "suffi"), prompt);
    }

    [Fact]
    public void A_long_chat_loses_its_oldest_turns_but_keeps_the_system_message()
    {
        var chat = new ChatPrompt(
        [
            new ChatMessage(ChatRole.System, "sys"),
            new ChatMessage(ChatRole.User, "first question"),
            new ChatMessage(ChatRole.Assistant, "first answer"),
            new ChatMessage(ChatRole.User, "second"),
        ]);

        var (prompt, truncated) = RemotePromptBudget.Fit(chat, CountCharacters, 35);

        Assert.True(truncated);
        Assert.Equal(["System:sys", "Assistant:first answer", "User:second"], ((ChatPrompt)prompt).Messages.Select(message => $"{message.Role}:{message.Content}"));
    }

    [Fact]
    public void A_prompt_within_budget_is_untouched()
    {
        var fim = new FillInTheMiddlePrompt("a", "b");

        var (prompt, truncated) = RemotePromptBudget.Fit(fim, CountCharacters, 2);

        Assert.False(truncated);
        Assert.Same(fim, prompt);
    }

    [Fact]
    public async Task The_generator_cuts_to_MaxPromptTokens_and_reports_it()
    {
        var prompts = new ConcurrentQueue<string>();
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "vllm", "glm-4-9b-chat");
            app.MapPost("/v1/completions", async (HttpContext context) =>
            {
                prompts.Enqueue((await JsonNode.ParseAsync(context.Request.Body))!["prompt"]!.GetValue<string>());
                await VllmServer.WriteEventsAsync(context, VllmServer.CompletionChunk("ok", "stop"), VllmServer.Done);
            });
        });
        await using var generator = Generator(Options(server.BaseUrl));
        var text = string.Concat(Enumerable.Repeat("word ", 20));

        var (_, stats) = await CollectAsync(generator, new RawPrompt(text), new GenerationOptions { MaxPromptTokens = 10 });

        // The estimate counts 3 ASCII characters per token (rounded up): 10 tokens hold 30 characters.
        Assert.Equal([text[^30..]], prompts.ToArray());
        Assert.True(stats.PromptTruncated);
    }
}
