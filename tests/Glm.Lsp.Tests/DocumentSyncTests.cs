using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests;

/// <summary>didOpen / didChange / didClose over the protocol, with Chinese, emoji and CRLF text.</summary>
public sealed class DocumentSyncTests
{
    private const string Uri = "file:///notes/a.md";

    [Fact]
    public async Task IncrementalEdits_WithChineseEmojiAndCrLf_LandInTheRightPlace()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync();
        await session.NotifyAsync("textDocument/didOpen", """{"textDocument":{"uri":"file:///notes/a.md","languageId":"markdown","version":1,"text":"山川异域😀\r\n风月同天\r\n"}}""");
        // Insert after the emoji (4 Chinese chars + 2 units), replace 风月 on line 1, then append on the empty last line.
        await session.NotifyAsync("textDocument/didChange", """
            {"textDocument":{"uri":"file:///notes/a.md","version":2},"contentChanges":[
              {"range":{"start":{"line":0,"character":6},"end":{"line":0,"character":6}},"text":"！"},
              {"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":2}},"text":"日月"},
              {"range":{"start":{"line":2,"character":0},"end":{"line":2,"character":0}},"text":"end"}]}
            """);
        await session.RequestAsync("glm/settingsSchema");

        var document = session.Server.Documents.TryGet(Uri)!;
        Assert.Equal(2, document.Version);
        Assert.Equal("山川异域😀！\r\n日月同天\r\nend", document.Text);
    }

    [Fact]
    public async Task ChangeAcrossLines_JoinsThem()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync();
        await session.NotifyAsync("textDocument/didOpen", """{"textDocument":{"uri":"file:///notes/a.md","languageId":"markdown","version":1,"text":"first line\nsecond line\nthird"}}""");
        await session.NotifyAsync("textDocument/didChange", """{"textDocument":{"uri":"file:///notes/a.md","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":5},"end":{"line":1,"character":6}},"text":" and"}]}""");
        await session.RequestAsync("glm/settingsSchema");
        Assert.Equal("first and line\nthird", session.Server.Documents.TryGet(Uri)!.Text);
    }

    [Fact]
    public async Task FullChange_ReplacesTheText_AndCloseForgetsTheDocument()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync();
        await session.NotifyAsync("textDocument/didOpen", """{"textDocument":{"uri":"file:///notes/a.md","languageId":"markdown","version":1,"text":"old"}}""");
        await session.NotifyAsync("textDocument/didChange", """{"textDocument":{"uri":"file:///notes/a.md","version":2},"contentChanges":[{"text":"new text"}]}""");
        await session.RequestAsync("glm/settingsSchema");
        Assert.Equal("new text", session.Server.Documents.TryGet(Uri)!.Text);

        await session.NotifyAsync("textDocument/didClose", """{"textDocument":{"uri":"file:///notes/a.md"}}""");
        await session.RequestAsync("glm/settingsSchema");
        Assert.Null(session.Server.Documents.TryGet(Uri));
    }

    [Fact]
    public async Task ManyQuickEdits_AreAppliedInArrivalOrder()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync();
        await session.NotifyAsync("textDocument/didOpen", """{"textDocument":{"uri":"file:///notes/a.md","languageId":"markdown","version":1,"text":""}}""");
        for (var i = 0; i < 200; i++)
        {
            var character = i;
            var letter = (char)('a' + (i % 26));
            await session.NotifyAsync("textDocument/didChange", $$$"""{"textDocument":{"uri":"file:///notes/a.md","version":{{{i + 2}}}},"contentChanges":[{"range":{"start":{"line":0,"character":{{{character}}}},"end":{"line":0,"character":{{{character}}}}},"text":"{{{letter}}}"}]}""");
        }

        await session.RequestAsync("glm/settingsSchema");
        var expected = string.Concat(Enumerable.Range(0, 200).Select(i => (char)('a' + (i % 26))));
        var document = session.Server.Documents.TryGet(Uri)!;
        Assert.Equal(expected, document.Text);
        Assert.Equal(201, document.Version);
    }

    [Fact]
    public async Task ChangeForAnUnopenedDocument_DoesNotEndTheServer()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync();
        await session.NotifyAsync("textDocument/didChange", """{"textDocument":{"uri":"file:///nowhere.md","version":2},"contentChanges":[{"text":"x"}]}""");
        Assert.Equal("null", await session.RequestAsync("shutdown"));
    }
}
