using Glm.Inference.Generation;
using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests.Completion;

/// <summary>Inline completion positions and ranges in UTF-16 units after surrogate pairs, on later lines and after CRLF.</summary>
public sealed class Utf16CompletionRangeTests
{
    private const string Uri = "file:///notes/emoji.md";

    [Fact]
    public async Task AfterPairsOnASecondCrLfLine_TheRangeAndThePrefixAreExact()
    {
        var generator = new ScriptedGenerator { Respond = _ => "world" };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Uri, "markdown", "第一行 😀\r\n😀𠮷 hello  tail");

        // "😀𠮷 hello " is 2 + 2 + 7 = 11 units.
        Assert.Equal(
            """{"items":[{"insertText":"world","range":{"start":{"line":1,"character":11},"end":{"line":1,"character":11}}}]}""",
            await ready.InlineAsync(Uri, 1, 11));
        var prompt = Assert.IsType<FillInTheMiddlePrompt>(Assert.Single(generator.Requests).Prompt);
        Assert.Equal("第一行 😀\r\n😀𠮷 hello ", prompt.Prefix);
    }

    [Fact]
    public async Task ASelectedItemAfterAPair_IsReplacedByItsUtf16Range()
    {
        var generator = new ScriptedGenerator { Respond = _ => " garden" };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Uri, "markdown", "🌸 flower gar");

        Assert.Equal(
            """{"items":[{"insertText":"garden garden","range":{"start":{"line":0,"character":10},"end":{"line":0,"character":13}}}]}""",
            await ready.InlineAsync(Uri, 0, 13, selectedCompletionInfo: """{"range":{"start":{"line":0,"character":10},"end":{"line":0,"character":13}},"text":"garden"}"""));
        Assert.Equal("🌸 flower garden", Assert.IsType<FillInTheMiddlePrompt>(Assert.Single(generator.Requests).Prompt).Prefix);
    }
}
