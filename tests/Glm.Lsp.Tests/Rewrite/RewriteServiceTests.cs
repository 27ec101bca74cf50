using Glm.Inference.Generation;
using Glm.Lsp.Documents;
using Glm.Lsp.Rewrite;
using Glm.Lsp.Settings;
using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests.Rewrite;

/// <summary>The one rewrite path behind the code action, glm.rewrite and glm/rewrite: which instruction a request
/// means, and that the text rewritten is the selection's.</summary>
public sealed class RewriteServiceTests
{
    [Fact]
    public void TheStyles_HaveTheirIdsTitlesAndInstructions()
    {
        Assert.Equal(
            [
                ("improve", "Improve writing", "Improve the writing of the text between <text> and </text>. Keep its meaning and its language. Answer with the improved text only."),
                ("concise", "Make concise", "Rewrite the text between <text> and </text> to be more concise. Keep its meaning and its language. Answer with the rewritten text only."),
                ("formal", "Make formal", "Rewrite the text between <text> and </text> in a formal tone. Keep its meaning and its language. Answer with the rewritten text only."),
                ("fixGrammar", "Fix grammar and spelling", "Fix the grammar and spelling of the text between <text> and </text>. Change nothing else. Answer with the corrected text only."),
                ("toEnglish", "Translate to English", "Translate the text between <text> and </text> into English. Keep code identifiers, inline code and URLs exactly as they are. Answer with the translation only."),
                ("toChinese", "Translate to Chinese", "把 <text> 和 </text> 之间的文本翻译成简体中文。代码标识符、行内代码和网址保持原样，不要翻译。只回答译文，不要解释。"),
            ],
            RewriteStyle.All.Select(s => (s.Id, s.Title, s.Instruction)));
    }

    [Fact]
    public void AFreeInstruction_WinsOverTheStyle_AndAnUnknownStyleHasNone()
    {
        Assert.Equal("Make it rhyme.", RewriteService.InstructionFor("concise", "Make it rhyme."));
        Assert.Equal(RewriteStyle.All[1].Instruction, RewriteService.InstructionFor("concise", null));
        Assert.Null(RewriteService.InstructionFor("poetic", null));
        Assert.Null(RewriteService.InstructionFor(null, null));
    }

    [Fact]
    public async Task TheSelectionsText_IsRewritten_AndReportedAsItGrows()
    {
        var generator = new ScriptedGenerator { Respond = _ => "words LOUD", ChunkLength = 4 };
        var document = new TextDocumentSnapshot("file:///a.md", "markdown", 3, "# Title\nsome words here\n");
        var range = new LineRange(new LinePosition(1, 5), new LinePosition(1, 10));
        var soFar = new List<string>();

        var result = await RewriteService.RewriteAsync(generator, SettingsCatalog.Defaults, document, range, "Shout it.", soFar.Add, CancellationToken.None);

        Assert.Equal("words LOUD", result);
        Assert.Equal(["word", "words LO", "words LOUD"], soFar);
        var chat = Assert.IsType<ChatPrompt>(Assert.Single(generator.Requests).Prompt);
        Assert.Equal("<text>\nwords\n</text>\n\nShout it.", chat.Messages[^1].Content);
    }
}
