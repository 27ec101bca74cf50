using Glm.Lsp.Tests.Infrastructure;
using StreamJsonRpc;

namespace Glm.Lsp.Tests.Rewrite;

/// <summary>Edits made from text read earlier carry its version (documentChanges) when the client takes them, and a
/// document changed while generating gets ContentModified instead of an edit that would land on moved text.</summary>
public sealed class VersionedEditTests
{
    private const string Md = "file:///notes/a.md";
    private const string Selection = """{"start":{"line":1,"character":0},"end":{"line":1,"character":9}}""";
    private const string Resolve = """{"title":"Improve writing","kind":"refactor.rewrite","data":{"uri":"file:///notes/a.md","version":1,"range":""" + Selection + ""","style":"improve"}}""";
    private const string RewriteCommand = """{"command":"glm.rewrite","arguments":[{"textDocument":{"uri":"file:///notes/a.md"},"range":""" + Selection + ""","style":"formal"}]}""";
    private const string VersionedEdits = """{"workspace":{"workspaceEdit":{"documentChanges":true}},"textDocument":{"inlineCompletion":{}}}""";
    private const string DidChange = """{"textDocument":{"uri":"file:///notes/a.md","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"typed "}]}""";

    [Fact]
    public async Task Resolve_WithDocumentChangesSupport_AnswersWithTheVersionTheTextWasReadFrom()
    {
        await using var ready = await ReadySession.StartAsync(new ScriptedGenerator { Respond = _ => "some text, better." }, capabilities: VersionedEdits);
        await ready.OpenAsync(Md, "markdown", "# T\nsome text here\n");

        Assert.Equal(
            """{"title":"Improve writing","kind":"refactor.rewrite","data":{"uri":"file:///notes/a.md","version":1,"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":9}},"style":"improve"},"edit":{"documentChanges":[{"textDocument":{"uri":"file:///notes/a.md","version":1},"edits":[{"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":9}},"newText":"some text, better."}]}]}}""",
            await ready.Session.RequestAsync("codeAction/resolve", Resolve));
    }

    [Fact]
    public async Task RewriteCommand_AnswersWithTheTextAndItsEdit_VersionedOrNot()
    {
        await using (var versioned = await ReadySession.StartAsync(new ScriptedGenerator { Respond = _ => "Formal text." }, capabilities: VersionedEdits))
        {
            await versioned.OpenAsync(Md, "markdown", "# T\nhey there\n");
            Assert.Equal(
                """{"text":"Formal text.","edit":{"documentChanges":[{"textDocument":{"uri":"file:///notes/a.md","version":1},"edits":[{"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":9}},"newText":"Formal text."}]}]}}""",
                await versioned.Session.RequestAsync("workspace/executeCommand", RewriteCommand));
        }

        await using var plain = await ReadySession.StartAsync(new ScriptedGenerator { Respond = _ => "Formal text." });
        await plain.OpenAsync(Md, "markdown", "# T\nhey there\n");
        Assert.Equal(
            """{"text":"Formal text.","edit":{"changes":{"file:///notes/a.md":[{"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":9}},"newText":"Formal text."}]}}}""",
            await plain.Session.RequestAsync("workspace/executeCommand", RewriteCommand));
    }

    [Theory]
    [InlineData("codeAction/resolve", Resolve)]
    [InlineData("workspace/executeCommand", RewriteCommand)]
    public async Task TheDocumentChangedWhileGenerating_IsContentModified_NotAStaleEdit(string method, string parameters)
    {
        var gate = new TaskCompletionSource();
        var generator = new ScriptedGenerator { Respond = _ => "some text, better.", Gate = gate.Task };
        await using var ready = await ReadySession.StartAsync(generator, capabilities: VersionedEdits);
        await ready.OpenAsync(Md, "markdown", "# T\nsome text here\n");

        var pending = ready.Session.RequestAsync(method, parameters);
        await ReadySession.WaitUntil(() => generator.Requests.Count == 1);
        await ready.Session.NotifyAsync("textDocument/didChange", DidChange);
        // A request after the notification is answered after it: the server holds version 2 before the gate opens.
        await ready.Session.RequestAsync("textDocument/codeAction", """{"textDocument":{"uri":"file:///notes/a.md"},"range":""" + Selection + ""","context":{"diagnostics":[],"only":["quickfix"]}}""");
        gate.SetResult();

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => pending);
        Assert.Equal(-32801, error.ErrorCode);
        Assert.Equal("The document changed while the edit was generated; nothing was applied: file:///notes/a.md", error.Message);
    }
}
