using System.Text.Json;
using Glm.Inference.Generation;
using Glm.Lsp.Completion;
using Glm.Lsp.Server;
using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests.Completion;

/// <summary>
/// When and what the server prefills, over the protocol with a scripted model that records its prefills: the request is
/// the one a suggestion at the likely cursor builds, and edits, closes, completions, focus and the setting start and
/// stop it. The debounce runs on a manual clock and held prefills wait on a gate, so nothing depends on timing.
/// </summary>
public sealed class BackgroundPrefillTests
{
    private const string Md = "file:///notes/prefill.md";
    private const string Other = "file:///notes/other.md";
    private const string Text = "# Notes\n\nThe first paragraph is done.\n\nThe second one";

    [Fact]
    public async Task DidOpen_PrefillsOnceWhatASuggestionAtTheEndOfTheDocumentAsksFor()
    {
        var generator = new ScriptedGenerator { SupportsPrefill = true, Respond = _ => " goes on" };
        await using var ready = await ReadySession.StartAsync(generator);

        await ready.OpenAsync(Md, "markdown", Text);
        await ReadySession.WaitUntil(() => ready.Session.Server.Prefill.Finished == 1);
        await RoundTripAsync(ready);

        var prefill = Assert.Single(generator.Prefills);
        Assert.Equal(ExpectedAt(ready, Md, Text.Length), prefill);
        Assert.Equal(Text, Assert.IsType<FillInTheMiddlePrompt>(prefill.Prompt).Prefix);
        Assert.Equal(new PrefillResult(Text.Length, Text.Length, Text.Length, false), ready.Session.Server.Prefill.LastResult);

        // The suggestion there asks for exactly the prompt that was prefilled.
        Assert.Equal(
            """{"items":[{"insertText":" goes on","range":{"start":{"line":4,"character":14},"end":{"line":4,"character":14}}}]}""",
            await ready.InlineAsync(Md, 4, 14));
        Assert.Equal(prefill.Prompt, Assert.Single(generator.Requests).Prompt);
    }

    [Fact]
    public async Task DidFocus_StopsThePrefillAndStartsOneUpToTheEndOfTheVisibleRange()
    {
        var gate = new TaskCompletionSource();
        var generator = new ScriptedGenerator { SupportsPrefill = true, PrefillGate = gate.Task };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", Text);
        await ReadySession.WaitUntil(() => generator.Prefills.Count == 1);

        await FocusAsync(ready, Md, """{"start":{"line":0,"character":0},"end":{"line":2,"character":28}}""", """{"line":2,"character":9}""");
        await ReadySession.WaitUntil(() => generator.PrefillCancellations == 1 && generator.Prefills.Count == 2);

        // A continuation prompt up to the end of the screen starts with the prompt of every cursor on it.
        var visible = generator.Prefills.Last();
        Assert.Equal(ExpectedAt(ready, Md, "# Notes\n\nThe first paragraph is done.".Length), visible);
        Assert.Equal("# Notes\n\nThe first paragraph is done.", Assert.IsType<FillInTheMiddlePrompt>(visible.Prompt).Prefix);
        gate.SetResult();
    }

    [Fact]
    public async Task DidFocus_OnAFillInTheMiddleModel_PrefillsAtTheCursorOnScreen_OrElseAtTheEndOfTheVisibleRange()
    {
        var generator = new ScriptedGenerator { SupportsPrefill = true, Model = new("scripted", ModelProfile.Glm4, true, 4096, "scripted (tests)") };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", Text);
        await ReadySession.WaitUntil(() => ready.Session.Server.Prefill.Finished == 1);

        await FocusAsync(ready, Md, """{"start":{"line":0,"character":0},"end":{"line":4,"character":14}}""", """{"line":2,"character":9}""");
        await ReadySession.WaitUntil(() => ready.Session.Server.Prefill.Finished == 2);
        var atCursor = generator.Prefills.Last();
        Assert.Equal(ExpectedAt(ready, Md, "# Notes\n\nThe first".Length), atCursor);
        Assert.Equal(
            ("# Notes\n\nThe first", " paragraph is done.\n\nThe second one"),
            (Assert.IsType<FillInTheMiddlePrompt>(atCursor.Prompt).Prefix, ((FillInTheMiddlePrompt)atCursor.Prompt).Suffix));

        await FocusAsync(ready, Md, """{"start":{"line":0,"character":0},"end":{"line":2,"character":28}}""", """{"line":4,"character":3}""");
        await ReadySession.WaitUntil(() => ready.Session.Server.Prefill.Finished == 3);
        Assert.Equal("# Notes\n\nThe first paragraph is done.", Assert.IsType<FillInTheMiddlePrompt>(generator.Prefills.Last().Prompt).Prefix);
    }

    [Fact]
    public async Task AnEdit_StopsTheRunningPrefillAndANewOneStartsAtTheEditAfterTheDebounce()
    {
        var clock = new ManualClock();
        var gate = new TaskCompletionSource();
        var generator = new ScriptedGenerator { SupportsPrefill = true, PrefillGate = gate.Task };
        await using var ready = await ReadySession.StartAsync(generator, clock: clock);
        await ready.OpenAsync(Md, "markdown", Text);
        await ReadySession.WaitUntil(() => generator.Prefills.Count == 1);

        await ChangeAsync(ready, Md, 2, line: 2, character: 3, " long");
        await ReadySession.WaitUntil(() => generator.PrefillCancellations == 1 && clock.PendingTimers == 1);
        clock.Advance(BackgroundPrefill.EditDebounce - TimeSpan.FromMilliseconds(1));
        await RoundTripAsync(ready);
        Assert.Single(generator.Prefills);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        await ReadySession.WaitUntil(() => generator.Prefills.Count == 2);
        var afterEdit = generator.Prefills.Last();
        Assert.Equal(ExpectedAt(ready, Md, "# Notes\n\nThe long".Length), afterEdit);
        Assert.Equal("# Notes\n\nThe long", Assert.IsType<FillInTheMiddlePrompt>(afterEdit.Prompt).Prefix);
        Assert.Equal(2, afterEdit.SupersedeVersion);
        gate.SetResult();
    }

    [Fact]
    public async Task ACompletionRequest_StopsTheRunningPrefillAndIsAnswered()
    {
        var generator = new ScriptedGenerator { SupportsPrefill = true, PrefillGate = new TaskCompletionSource().Task, Respond = _ => " goes on" };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", Text);
        await ReadySession.WaitUntil(() => generator.Prefills.Count == 1);

        Assert.Equal(
            """{"items":[{"insertText":" goes on","range":{"start":{"line":4,"character":14},"end":{"line":4,"character":14}}}]}""",
            await ready.InlineAsync(Md, 4, 14));
        await ReadySession.WaitUntil(() => generator.PrefillCancellations == 1);
        await RoundTripAsync(ready);
        Assert.Single(generator.Prefills);
    }

    [Fact]
    public async Task Closing_StopsTheRunningPrefillAndThePendingOne()
    {
        var clock = new ManualClock();
        var generator = new ScriptedGenerator { SupportsPrefill = true, PrefillGate = new TaskCompletionSource().Task };
        await using var ready = await ReadySession.StartAsync(generator, clock: clock);
        await ready.OpenAsync(Md, "markdown", Text);
        await ReadySession.WaitUntil(() => generator.Prefills.Count == 1);

        await ChangeAsync(ready, Md, 2, line: 4, character: 14, " goes");
        await ReadySession.WaitUntil(() => generator.PrefillCancellations == 1 && clock.PendingTimers == 1);
        await ready.Session.NotifyAsync("textDocument/didClose", """{"textDocument":{"uri":"file:///notes/prefill.md"}}""");
        await ReadySession.WaitUntil(() => clock.PendingTimers == 0);
        clock.Advance(BackgroundPrefill.EditDebounce);
        await RoundTripAsync(ready);

        Assert.Single(generator.Prefills);
    }

    [Fact]
    public async Task TheSettingOff_NoPrefill()
    {
        var generator = new ScriptedGenerator { SupportsPrefill = true, Respond = _ => " goes on" };
        await using var ready = await ReadySession.StartAsync(generator, initializationOptions: """{"backgroundPrefill":false}""");
        await ready.OpenAsync(Md, "markdown", Text);
        await FocusAsync(ready, Md, null, """{"line":2,"character":9}""");

        Assert.Equal(
            """{"items":[{"insertText":" goes on","range":{"start":{"line":4,"character":14},"end":{"line":4,"character":14}}}]}""",
            await ready.InlineAsync(Md, 4, 14));
        Assert.Empty(generator.Prefills);
    }

    [Fact]
    public async Task TurningTheSettingOff_StopsTheRunningPrefill_AndOnAgain_StartsOne()
    {
        var generator = new ScriptedGenerator { SupportsPrefill = true, PrefillGate = new TaskCompletionSource().Task };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", Text);
        await ReadySession.WaitUntil(() => generator.Prefills.Count == 1);

        await ready.Session.NotifyAsync("workspace/didChangeConfiguration", """{"settings":{"glm":{"backgroundPrefill":false}}}""");
        await ReadySession.WaitUntil(() => generator.PrefillCancellations == 1);
        await RoundTripAsync(ready);
        Assert.Single(generator.Prefills);

        await ready.Session.NotifyAsync("workspace/didChangeConfiguration", """{"settings":{"glm":{"backgroundPrefill":true}}}""");
        await ReadySession.WaitUntil(() => generator.Prefills.Count == 2);
        Assert.Equal(ExpectedAt(ready, Md, Text.Length), generator.Prefills.Last());
    }

    [Fact]
    public async Task AGeneratorWithoutACache_AnswersUnsupportedAndCompletionsWorkAsBefore()
    {
        var generator = new ScriptedGenerator { SupportsPrefill = false, Respond = _ => " goes on" };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", Text);
        await ReadySession.WaitUntil(() => generator.Prefills.Count == 1);

        Assert.Equal(
            """{"items":[{"insertText":" goes on","range":{"start":{"line":4,"character":14},"end":{"line":4,"character":14}}}]}""",
            await ready.InlineAsync(Md, 4, 14));
        Assert.Equal(0, ready.Session.Server.Prefill.Finished);
        Assert.Null(ready.Session.Server.Prefill.LastResult);
    }

    [Fact]
    public async Task AModelThatBecomesReadyAfterTheOpen_PrefillsTheOpenDocument()
    {
        var modelFile = Path.Combine(Path.GetTempPath(), $"glm-lsp-test-{Guid.NewGuid():N}.gguf");
        await File.WriteAllTextAsync(modelFile, "GGUF");
        try
        {
            var generator = new ScriptedGenerator { SupportsPrefill = true };
            await using var session = LspTestSession.Start(new ServerStartOptions(GeneratorFactory: new ScriptedGeneratorFactory(generator)));
            await session.InitializeAsync("""{"textDocument":{"inlineCompletion":{}}}""");
            await session.NotifyAsync("textDocument/didOpen", JsonSerializer.Serialize(new { textDocument = new { uri = Md, languageId = "markdown", version = 1, text = Text } }));
            await session.RequestAsync("glm/getStatus");
            Assert.Empty(generator.Prefills);

            await session.NotifyAsync("workspace/didChangeConfiguration", """{"settings":{"glm":{"modelPath":""" + JsonSerializer.Serialize(modelFile) + "}}}");
            await ReadySession.WaitUntil(() => session.Server.Prefill.Finished == 1);
            Assert.Equal(Text, Assert.IsType<FillInTheMiddlePrompt>(Assert.Single(generator.Prefills).Prompt).Prefix);
        }
        finally
        {
            File.Delete(modelFile);
        }
    }

    [Fact]
    public async Task AfterAFocusReport_OnlyTheFocusedDocumentIsPrefilled_WhenItOpens()
    {
        var generator = new ScriptedGenerator { SupportsPrefill = true };
        await using var ready = await ReadySession.StartAsync(generator);
        await FocusAsync(ready, Other, null, """{"line":0,"character":5}""");
        await ready.OpenAsync(Md, "markdown", Text);
        await RoundTripAsync(ready);
        Assert.Empty(generator.Prefills);

        await ready.OpenAsync(Other, "markdown", "Other notes.");
        await ReadySession.WaitUntil(() => ready.Session.Server.Prefill.Finished == 1);
        var prefill = Assert.Single(generator.Prefills);
        Assert.Equal(Other, prefill.SupersedeKey);
        Assert.Equal("Other", Assert.IsType<FillInTheMiddlePrompt>(prefill.Prompt).Prefix);
    }

    /// <summary>The request <see cref="CompletionPrompt.BuildAutomatic"/> makes for a suggestion at <paramref name="offset"/> of the server's current snapshot.</summary>
    private static GenerationRequest ExpectedAt(ReadySession ready, string uri, int offset)
    {
        var document = ready.Session.Server.Documents.TryGet(uri)!;
        var before = document.Text[..offset];
        var after = document.Text[offset..];
        return CompletionPrompt.BuildAutomatic(ready.Generator, ready.Session.Server.Settings, document, before, after, new Glm.Lsp.Documents.WorkspaceFolderSet());
    }

    /// <summary>A request answered after every notification sent before it was applied (notifications run in order).</summary>
    private static Task<string> RoundTripAsync(ReadySession ready) => ready.Session.RequestAsync("glm/getStatus");

    private static Task FocusAsync(ReadySession ready, string uri, string? visibleRange, string? position) =>
        ready.Session.NotifyAsync(
            "glm/didFocus",
            "{\"textDocument\":{\"uri\":\"" + uri + "\"}" + (visibleRange is null ? "" : ",\"visibleRange\":" + visibleRange)
            + (position is null ? "" : ",\"position\":" + position) + "}");

    private static Task ChangeAsync(ReadySession ready, string uri, int version, int line, int character, string inserted) =>
        ready.Session.NotifyAsync(
            "textDocument/didChange",
            JsonSerializer.Serialize(new
            {
                textDocument = new { uri, version },
                contentChanges = new[] { new { range = new { start = new { line, character }, end = new { line, character } }, text = inserted } },
            }));
}
