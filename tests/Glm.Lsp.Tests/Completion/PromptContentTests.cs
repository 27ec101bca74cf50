using System.Text;
using Glm.Inference.Generation;
using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests.Completion;

/// <summary>
/// What text the prompt holds, on documents of distinct words, so the start of the file, the text before the cursor
/// and the text after it cannot be mistaken for each other. The scripted model counts one token per character.
/// </summary>
public sealed class PromptContentTests
{
    private const string Md = "file:///notes/long.md";

    private static readonly ModelDescription FillInTheMiddle = new("codegeex", ModelProfile.CodeGeeX4, true, 4096, "scripted");

    [Fact]
    public async Task FillInTheMiddle_PrefixEndsAtTheCursor_TheStartIsDropped_AndTheSuffixStartsAfterIt()
    {
        // 100 words "a000 " … "a099 " before the cursor (500 characters), 100 words "z000 " … after it.
        var before = Words('a', 0, 100);
        var after = Words('z', 0, 100);
        var prompt = await PromptForAsync(FillInTheMiddle, """{"promptTokenBudget":200}""", before + after, before.Length);

        // Prefix budget 150 of 200: the tightest cut is at 350, anchored up to the next multiple of the 150-character
        // step (450), which is where word 90 starts.
        Assert.Equal(Words('a', 90, 10), prompt.Prefix);
        Assert.EndsWith("a099 ", prompt.Prefix, StringComparison.Ordinal);
        Assert.DoesNotContain("a000", prompt.Prefix, StringComparison.Ordinal);
        // The remaining 50 tokens: the first ten words after the cursor.
        Assert.Equal(Words('z', 0, 10), prompt.Suffix);
        Assert.Equal("long.md", prompt.Path);
        Assert.Equal("markdown", prompt.Language);
    }

    [Fact]
    public async Task FillInTheMiddle_CursorInTheMiddleOfALine_SplitsTheWordThere()
    {
        var text = "alpha beta gamma delta";
        var prompt = await PromptForAsync(FillInTheMiddle, null, text, "alpha beta ga".Length);

        Assert.Equal("alpha beta ga", prompt.Prefix);
        Assert.Equal("mma delta", prompt.Suffix);
    }

    [Fact]
    public async Task ContinuationModel_UsesTheWholeBudgetForThePrefix_AndSendsNoSuffix()
    {
        var before = Words('a', 0, 100);
        var prompt = await PromptForAsync(ScriptedModel, """{"promptTokenBudget":200}""", before + Words('z', 0, 100), before.Length);

        // Budget 200: the tightest cut is at 300, anchored up to the next multiple of the 200-character step (400),
        // where word 80 starts.
        Assert.Equal(Words('a', 80, 20), prompt.Prefix);
        Assert.Equal("", prompt.Suffix);
    }

    [Fact]
    public async Task ADocumentWithinTheBudget_IsSentWhole()
    {
        var prompt = await PromptForAsync(FillInTheMiddle, null, "first words then the rest", "first words ".Length);

        Assert.Equal("first words ", prompt.Prefix);
        Assert.Equal("then the rest", prompt.Suffix);
    }

    [Fact]
    public async Task ACursorOnALaterLine_TakesThePrefixUpToThatLineAndColumn()
    {
        var text = "one two\nthree four\nfive six\n";
        var prompt = await PromptForAsync(FillInTheMiddle, null, text, line: 1, character: 6);

        Assert.Equal("one two\nthree ", prompt.Prefix);
        Assert.Equal("four\nfive six\n", prompt.Suffix);
    }

    private static ModelDescription ScriptedModel => new ScriptedGenerator().Model;

    private static Task<FillInTheMiddlePrompt> PromptForAsync(ModelDescription model, string? settings, string text, int offset)
    {
        var line = text[..offset].Count(c => c == '\n');
        var character = offset - (text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1);
        return PromptForAsync(model, settings, text, line, character);
    }

    private static async Task<FillInTheMiddlePrompt> PromptForAsync(ModelDescription model, string? settings, string text, int line, int character)
    {
        var generator = new ScriptedGenerator { Model = model, Respond = _ => "x" };
        await using var ready = await ReadySession.StartAsync(generator, settings);
        await ready.OpenAsync(Md, "markdown", text);
        await ready.InlineAsync(Md, line, character);
        return Assert.IsType<FillInTheMiddlePrompt>(Assert.Single(generator.Requests).Prompt);
    }

    /// <summary>Words such as "a090 " (five characters each), <paramref name="count"/> of them from <paramref name="start"/>.</summary>
    private static string Words(char letter, int start, int count)
    {
        var text = new StringBuilder();
        for (var i = start; i < start + count; i++)
        {
            text.Append(letter).Append(i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
        }

        return text.ToString();
    }
}
