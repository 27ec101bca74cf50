using Glm.Inference.Generation;
using Glm.Lsp.Rewrite;
using Glm.Lsp.Settings;
using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests.Rewrite;

/// <summary>Prompts, chunks, cleaning and cancellation of <see cref="TextTransformer"/> on a scripted generator whose
/// tokens are characters, so every budget below is exact.</summary>
public sealed class TextTransformerTests
{
    private const string Instruction = "Shorten it.";

    private static readonly GlmSettings Settings = SettingsCatalog.Defaults;

    /// <summary>A chatty model: a preamble, the chunk's text in capitals, a note.</summary>
    private static string ChattyUpperCase(GenerationRequest request) =>
        "Here is the shorter text:\n\n" + TextOf(request).ToUpperInvariant() + "\n\nNote: capitals are shorter.";

    private static string TextOf(GenerationRequest request)
    {
        var content = Assert.IsType<ChatPrompt>(request.Prompt).Messages[^1].Content;
        return content["<text>\n".Length..content.IndexOf("\n</text>", StringComparison.Ordinal)];
    }

    [Fact]
    public async Task ThePromptHasTheDelimitedTextFirstAndTheInstructionAfterIt()
    {
        var generator = new ScriptedGenerator { Respond = _ => "Done." };
        await TextTransformer.TransformAsync(generator, Settings, Instruction, "some text", null, CancellationToken.None);
        var chat = Assert.IsType<ChatPrompt>(Assert.Single(generator.Requests).Prompt);
        Assert.Equal([TextTransformer.SystemPrompt, "<text>\nsome text\n</text>\n\nShorten it."], chat.Messages.Select(m => m.Content));
    }

    [Fact]
    public async Task AChineseInstruction_GetsTheChineseSystemPrompt()
    {
        var generator = new ScriptedGenerator { Respond = _ => "完成。" };
        await TextTransformer.TransformAsync(generator, Settings, RewriteStyle.Find("toChinese")!.Instruction, "some text", null, CancellationToken.None);
        var chat = Assert.IsType<ChatPrompt>(Assert.Single(generator.Requests).Prompt);
        Assert.Equal(
            [TextTransformer.ChineseSystemPrompt, "<text>\nsome text\n</text>\n\n把 <text> 和 </text> 之间的文本翻译成简体中文。代码标识符、行内代码和网址保持原样，不要翻译。只回答译文，不要解释。"],
            chat.Messages.Select(m => m.Content));
    }

    [Fact]
    public async Task TheAnswerIsCleaned_AndGetsTheSelectionsOuterWhitespaceBack()
    {
        var generator = new ScriptedGenerator { Respond = ChattyUpperCase };
        var result = await TextTransformer.TransformAsync(generator, Settings, Instruction, "\n  some text\n\n", null, CancellationToken.None);
        Assert.Equal("\n  SOME TEXT\n\n", result);
    }

    [Fact]
    public async Task ATextLongerThanTheContext_IsDoneInChunksWithTheWholeInstruction_JoinedWithItsSeparators_StreamedInOrder()
    {
        // 400 context tokens, instruction, system prompt and template take 149: each chunk may carry 73 characters.
        var generator = new ScriptedGenerator { Respond = ChattyUpperCase, Model = new("scripted", ModelProfile.Glm4, false, 400, "scripted") };
        var paragraphs = Enumerable.Range(1, 5).Select(i => $"Paragraph {i} says something long enough to need a prompt of its own.").ToArray();
        var text = " " + string.Join("\n\n", paragraphs) + "\n";
        var progress = new List<string>();

        var result = await TextTransformer.TransformAsync(generator, Settings, Instruction, text, progress.Add, CancellationToken.None);

        Assert.Equal(" " + string.Join("\n\n", paragraphs.Select(p => p.ToUpperInvariant())) + "\n", result);
        Assert.Equal(paragraphs, generator.Requests.Select(TextOf));
        Assert.All(generator.Requests, r => Assert.EndsWith("</text>\n\nShorten it.", Assert.IsType<ChatPrompt>(r.Prompt).Messages[^1].Content, StringComparison.Ordinal));
        Assert.Equal(result, progress[^1]);
        // Each report extends the one before: chunks stream in order and no preamble or note ever shows.
        Assert.All(progress.Zip(progress.Skip(1)), pair => Assert.StartsWith(pair.First.TrimEnd(), pair.Second, StringComparison.Ordinal));
        Assert.DoesNotContain(progress, p => p.Contains("Here", StringComparison.Ordinal) || p.Contains("Note", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancellation_BetweenChunks_StartsNoFurtherChunk()
    {
        var generator = new ScriptedGenerator { Respond = ChattyUpperCase, Model = new("scripted", ModelProfile.Glm4, false, 400, "scripted") };
        var text = string.Join("\n\n", Enumerable.Range(1, 3).Select(i => $"Paragraph {i} says something long enough to need a prompt of its own."));
        using var cancellation = new CancellationTokenSource();

        // The first chunk's last report: its whole text is there, the generation of the next has not started.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TextTransformer.TransformAsync(
            generator, Settings, Instruction, text, soFar => { if (soFar.EndsWith("PROMPT OF ITS OWN.", StringComparison.Ordinal)) cancellation.Cancel(); }, cancellation.Token));

        Assert.Single(generator.Requests);
    }

    [Fact]
    public async Task Cancellation_AfterAChunkFinishedNormally_StartsNoFurtherChunk()
    {
        // The answer has no note, so the first chunk's stream ends normally after the report that cancels: only the
        // check between chunks can stop the second, whatever the generator does with a cancelled token.
        var generator = new ScriptedGenerator { Respond = r => TextOf(r).ToUpperInvariant(), Model = new("scripted", ModelProfile.Glm4, false, 400, "scripted") };
        var text = string.Join("\n\n", Enumerable.Range(1, 3).Select(i => $"Paragraph {i} says something long enough to need a prompt of its own."));
        using var cancellation = new CancellationTokenSource();
        var reports = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TextTransformer.TransformAsync(
            generator, Settings, Instruction, text, soFar => { reports.Add(soFar); if (soFar.EndsWith("PROMPT OF ITS OWN.", StringComparison.Ordinal)) cancellation.Cancel(); }, cancellation.Token));

        Assert.Equal("PARAGRAPH 1 SAYS SOMETHING LONG ENOUGH TO NEED A PROMPT OF ITS OWN.", reports[^1]);
        Assert.Equal(1, generator.Finished);
        Assert.Single(generator.Requests);
    }

    [Fact]
    public async Task ALaterChunk_ShowsNothingUntilItHasSafeText_NotEvenItsSeparator()
    {
        // Each answer starts with a preamble that is held back, so the second chunk's first pieces clean to nothing.
        var generator = new ScriptedGenerator { Respond = ChattyUpperCase, Model = new("scripted", ModelProfile.Glm4, false, 400, "scripted") };
        var paragraphs = Enumerable.Range(1, 2).Select(i => $"Paragraph {i} says something long enough to need a prompt of its own.").ToArray();
        var progress = new List<string>();

        await TextTransformer.TransformAsync(generator, Settings, Instruction, string.Join("\n\n", paragraphs), progress.Add, CancellationToken.None);

        var first = paragraphs[0].ToUpperInvariant();
        Assert.Equal(2, generator.Requests.Count);
        Assert.DoesNotContain(first + "\n\n", progress);
        var secondStarts = progress.FindIndex(p => p.StartsWith(first + "\n\n", StringComparison.Ordinal));
        Assert.Equal(first, progress[secondStarts - 1]);
        Assert.StartsWith(first + "\n\nP", progress[secondStarts], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_WithinAChunk_StopsItsGeneration()
    {
        var generator = new ScriptedGenerator { Respond = ChattyUpperCase, Model = new("scripted", ModelProfile.Glm4, false, 400, "scripted") };
        var text = string.Join("\n\n", Enumerable.Range(1, 3).Select(i => $"Paragraph {i} says something long enough to need a prompt of its own."));
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TextTransformer.TransformAsync(
            generator, Settings, Instruction, text, soFar => { if (soFar.Contains("PARAGRAPH 2 SAYS", StringComparison.Ordinal)) cancellation.Cancel(); }, cancellation.Token));

        Assert.Equal(2, generator.Requests.Count);
    }

    [Fact]
    public async Task AWhitespaceSelection_IsAnsweredAsItIs_WithoutTheModel()
    {
        var generator = new ScriptedGenerator { Respond = _ => "Anything." };
        Assert.Equal(" \n\t", await TextTransformer.TransformAsync(generator, Settings, Instruction, " \n\t", null, CancellationToken.None));
        Assert.Empty(generator.Requests);
    }

    [Fact]
    public async Task AnInstructionThatLeavesNoRoomForText_IsRefusedWithItsSize()
    {
        var generator = new ScriptedGenerator { Model = new("scripted", ModelProfile.Glm4, false, 300, "scripted") };
        var error = await Assert.ThrowsAsync<Glm.Lsp.InvalidInputException>(() =>
            TextTransformer.TransformAsync(generator, Settings, new string('x', 200), "text", null, CancellationToken.None));
        Assert.Equal("The instruction takes 338 of the model's 300 context tokens and leaves no room for the text; shorten it or raise glm.contextSize.", error.Message);
        Assert.Empty(generator.Requests);
    }

    /// <summary>"Shorten it." with the English system prompt takes 149 tokens of the context; the chunk budget is the
    /// smaller of a third of the room after the answer slack (32) and the room after the max tokens setting.</summary>
    [Theory]
    [InlineData(211, 1, "aaaaaaaaaa bbbbbbbbbb", "aaaaaaaaaa|bbbbbbbbbb")]
    [InlineData(209, 55, "aa bb cc", "aa bb|cc")]
    [InlineData(184, 1, "ab", "a|b")]
    public async Task TheChunkBudget_IsTheSmallerOfAThirdOfTheRoomLessSlackAndTheRoomLessTheAnswer(int context, int maxTokens, string text, string chunks)
    {
        var generator = new ScriptedGenerator { Respond = TextOf, Model = new("scripted", ModelProfile.Glm4, false, context, "scripted") };

        await TextTransformer.TransformAsync(generator, Settings with { MaxTokens = maxTokens }, Instruction, text, null, CancellationToken.None);

        Assert.Equal(chunks.Split('|'), generator.Requests.Select(TextOf));
    }
}
