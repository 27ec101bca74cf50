using System.Text.RegularExpressions;
using Glm.Lsp.Tests.Infrastructure;
using StreamJsonRpc;

namespace Glm.Lsp.Tests;

/// <summary>
/// What the server sends a client that has fewer features than VS Code, as Neovim and eglot have: plaintext hovers, and
/// code actions that carry a command when the client cannot resolve their edit.
/// </summary>
public sealed class ClientCapabilityTests
{
    private const string Md = "file:///notes/a.md";
    private const string Selection = """{"start":{"line":1,"character":0},"end":{"line":1,"character":9}}""";

    /// <summary>eglot 1.9's code action capabilities: no resolveSupport.</summary>
    private const string WithoutResolve = """
        {"window":{"workDoneProgress":true},"workspace":{"applyEdit":true},"textDocument":{"codeAction":{"codeActionLiteralSupport":{"codeActionKind":{"valueSet":["refactor.rewrite"]}}}}}
        """;

    [Fact]
    public async Task HoverForAClientWithoutMarkdown_IsPlainText()
    {
        var generator = new ScriptedGenerator { Respond = _ => "Compute the total" };
        await using var ready = await ReadySession.StartAsync(generator, capabilities: """{"textDocument":{"hover":{"contentFormat":["plaintext"]}}}""");
        await ready.OpenAsync("file:///src/a.cs", "csharp", "class A\n{\n    // 计算总和\n    int x;\n}\n");
        Assert.Equal(
            """{"contents":{"kind":"plaintext","value":"GLM translation (English)\n\nCompute the total"},"range":{"start":{"line":2,"character":7},"end":{"line":2,"character":11}}}""",
            await ready.Session.RequestAsync("textDocument/hover", """{"textDocument":{"uri":"file:///src/a.cs"},"position":{"line":2,"character":9}}"""));
    }

    [Fact]
    public async Task HoverForAClientListingMarkdown_IsMarkdown()
    {
        var generator = new ScriptedGenerator { Respond = _ => "Compute the total" };
        await using var ready = await ReadySession.StartAsync(generator, capabilities: """{"textDocument":{"hover":{"contentFormat":["plaintext","markdown"]}}}""");
        await ready.OpenAsync("file:///src/a.cs", "csharp", "// 计算总和\n");
        Assert.Contains(
            """{"kind":"markdown","value":"**GLM translation (English)**\n\nCompute the total"}""",
            await ready.Session.RequestAsync("textDocument/hover", """{"textDocument":{"uri":"file:///src/a.cs"},"position":{"line":0,"character":5}}"""),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeActionsForAClientWithoutResolve_CarryACommandWithTheActionsData()
    {
        await using var ready = await ReadySession.StartAsync(new ScriptedGenerator(), capabilities: WithoutResolve);
        await ready.OpenAsync(Md, "markdown", "# T\nsome text here\n");
        var actions = await ready.Session.RequestAsync("textDocument/codeAction", $$$$"""{"textDocument":{"uri":"{{{{Md}}}}"},"range":{{{{Selection}}}},"context":{"diagnostics":[]}}""");
        const string Data = """{"uri":"file:///notes/a.md","version":1,"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":9}},"style":"improve"}""";
        Assert.StartsWith(
            $$$"""[{"title":"Improve writing","kind":"refactor.rewrite","data":{{{Data}}},"command":{"title":"Improve writing","command":"glm.rewrite","arguments":[{{{Data}}}]}},""",
            actions,
            StringComparison.Ordinal);
        Assert.Equal(6, Regex.Count(actions, "\"command\":\"glm.rewrite\""));
    }

    [Fact]
    public async Task TranslationActionsForAClientWithoutResolve_CarryGlmTranslate()
    {
        await using var ready = await ReadySession.StartAsync(new ScriptedGenerator(), capabilities: WithoutResolve);
        await ready.OpenAsync("file:///src/a.cs", "csharp", "// 计算总和\nint x;\n");
        var actions = await ready.Session.RequestAsync("textDocument/codeAction", """{"textDocument":{"uri":"file:///src/a.cs"},"range":{"start":{"line":0,"character":4},"end":{"line":0,"character":4}}}""");
        Assert.Equal(
            ["glm.translate", "glm.translate"],
            Regex.Matches(actions, "\"command\":\"([^\"]+)\"").Select(m => m.Groups[1].Value));
    }

    [Fact]
    public async Task RewriteCommand_GeneratesWithProgress_AndAppliesTheEditWithApplyEdit()
    {
        var generator = new ScriptedGenerator { Respond = _ => "Better text.\n" };
        await using var ready = await ReadySession.StartAsync(generator, capabilities: WithoutResolve);
        await ready.OpenAsync(Md, "markdown", "# T\nsome text here\n");
        Assert.Equal(
            "null",
            await ready.Session.RequestAsync(
                "workspace/executeCommand",
                $$$$"""{"command":"glm.rewrite","arguments":[{"uri":"{{{{Md}}}}","version":1,"range":{{{{Selection}}}},"style":"improve"}]}"""));

        var messages = ready.Session.Client.Messages.ToList();
        Assert.Equal(
            """{"label":"Improve writing","edit":{"changes":{"file:///notes/a.md":[{"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":9}},"newText":"Better text."}]}}}""",
            Assert.Single(messages, m => m.Method == "workspace/applyEdit").Params);
        var progressEnd = messages.FindIndex(m => m.Params.Contains("\"kind\":\"end\"", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Params.Contains("\"kind\":\"begin\",\"title\":\"Improve writing\"", StringComparison.Ordinal));
        Assert.True(progressEnd >= 0 && progressEnd < messages.FindIndex(m => m.Method == "workspace/applyEdit"));
    }

    [Fact]
    public async Task TranslateCommand_AppliesTheTranslationBelowTheComment()
    {
        var generator = new ScriptedGenerator { Respond = _ => "Compute the total" };
        await using var ready = await ReadySession.StartAsync(generator, capabilities: WithoutResolve);
        await ready.OpenAsync("file:///src/a.cs", "csharp", "// 计算总和\nint x;\n");
        await ready.Session.RequestAsync(
            "workspace/executeCommand",
            """{"command":"glm.translate","arguments":[{"uri":"file:///src/a.cs","version":1,"range":{"start":{"line":0,"character":3},"end":{"line":0,"character":7}},"style":"addTranslationBelow"}]}""");
        Assert.Equal(
            """{"label":"Add translation below","edit":{"changes":{"file:///src/a.cs":[{"range":{"start":{"line":0,"character":7},"end":{"line":0,"character":7}},"newText":"\n// Compute the total"}]}}}""",
            Assert.Single(ready.Session.Client.Messages, m => m.Method == "workspace/applyEdit").Params);
    }

    [Fact]
    public async Task RewriteCommand_ForAClientWithoutApplyEdit_FailsWithAClearError()
    {
        var generator = new ScriptedGenerator { Respond = _ => "Better text." };
        await using var ready = await ReadySession.StartAsync(generator, capabilities: """{"textDocument":{"codeAction":{}}}""");
        await ready.OpenAsync(Md, "markdown", "# T\nsome text here\n");
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => ready.Session.RequestAsync(
            "workspace/executeCommand",
            $$$$"""{"command":"glm.rewrite","arguments":[{"uri":"{{{{Md}}}}","version":1,"range":{{{{Selection}}}},"style":"improve"}]}"""));
        Assert.Equal(
            "glm.rewrite applies its edit with workspace/applyEdit, which this editor does not support; use an editor that resolves code actions (codeAction/resolve) or supports workspace/applyEdit.",
            error.Message);
        Assert.Equal(-32803, error.ErrorCode);
        Assert.Empty(generator.Requests);
    }

    [Fact]
    public async Task RewriteCommand_TheEditorRefusesTheEdit_FailsWithItsReason()
    {
        var generator = new ScriptedGenerator { Respond = _ => "Better text." };
        await using var ready = await ReadySession.StartAsync(generator, capabilities: WithoutResolve);
        ready.Session.Client.ApplyEditAnswer = """{"applied":false,"failureReason":"buffer is read-only"}""";
        await ready.OpenAsync(Md, "markdown", "# T\nsome text here\n");
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => ready.Session.RequestAsync(
            "workspace/executeCommand",
            $$$$"""{"command":"glm.rewrite","arguments":[{"uri":"{{{{Md}}}}","version":1,"range":{{{{Selection}}}},"style":"improve"}]}"""));
        Assert.Equal("The editor did not apply the edit of \"Improve writing\": buffer is read-only", error.Message);
    }

    [Fact]
    public async Task RewriteCommand_AfterTheDocumentChanged_FailsWithContentModified_AndAppliesNothing()
    {
        var generator = new ScriptedGenerator { Respond = _ => "Better text." };
        await using var ready = await ReadySession.StartAsync(generator, capabilities: WithoutResolve);
        await ready.OpenAsync(Md, "markdown", "# T\nsome text here\n");
        await ready.Session.NotifyAsync("textDocument/didChange", """{"textDocument":{"uri":"file:///notes/a.md","version":2},"contentChanges":[{"text":"other"}]}""");
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => ready.Session.RequestAsync(
            "workspace/executeCommand",
            $$$$"""{"command":"glm.rewrite","arguments":[{"uri":"{{{{Md}}}}","version":1,"range":{{{{Selection}}}},"style":"improve"}]}"""));
        Assert.Equal(-32801, error.ErrorCode);
        Assert.DoesNotContain(ready.Session.Client.Messages, m => m.Method == "workspace/applyEdit");
    }
}
