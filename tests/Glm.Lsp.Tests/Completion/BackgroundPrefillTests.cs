using System.Collections.Concurrent;
using System.Text.Json;
using Glm.Inference.Generation;
using Glm.Lsp.Completion;
using Glm.Lsp.Documents;
using Glm.Lsp.Server;
using Glm.Lsp.Settings;
using Glm.Lsp.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

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
    private const string Third = "file:///notes/third.md";
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

    [Fact]
    public async Task A_settings_change_that_keeps_the_prefill_on_lets_the_running_one_finish()
    {
        var gate = new TaskCompletionSource();
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true, PrefillGate = gate.Task });
        h.Open(Md, Text);
        await ReadySession.WaitUntil(() => h.Generator.Prefills.Count == 1);

        // Only turning the setting back on after it was off starts a prefill; a change of another setting is no reason to.
        h.Prefill.SettingsChanged();
        gate.SetResult();
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 1);
        Assert.Equal(0, h.Generator.PrefillCancellations);
        Assert.Single(h.Generator.Prefills);
    }

    [Fact]
    public async Task Focus_on_a_document_that_is_not_open_yet_stops_the_running_prefill()
    {
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true, PrefillGate = new TaskCompletionSource().Task });
        h.Open(Md, Text);
        await ReadySession.WaitUntil(() => h.Generator.Prefills.Count == 1);

        h.Prefill.Focused(Other, null, null);
        await ReadySession.WaitUntil(() => h.Generator.PrefillCancellations == 1);
        Assert.Single(h.Generator.Prefills);
    }

    [Fact]
    public async Task An_edit_that_reports_no_changes_prefills_the_end_of_the_document_after_the_debounce()
    {
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true });
        h.Open(Md, Text);
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 1);

        // Without a change there is no likely cursor, so the end of the document is prefilled.
        var edited = new TextDocumentSnapshot(Md, "markdown", 2, Text + " more");
        h.Documents[Md] = edited;
        h.Prefill.Edited(edited, []);
        await ReadySession.WaitUntil(() => h.Clock.PendingTimers == 1);
        h.Clock.Advance(BackgroundPrefill.EditDebounce);
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 2);
        Assert.Equal(Text + " more", PrefixOf(h.Generator.Prefills.Last()));
    }

    [Fact]
    public async Task An_edit_of_another_document_than_the_focused_one_lets_its_prefill_run()
    {
        var gate = new TaskCompletionSource();
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true, PrefillGate = gate.Task });
        h.Documents[Md] = new TextDocumentSnapshot(Md, "markdown", 1, Text);
        h.Documents[Other] = new TextDocumentSnapshot(Other, "markdown", 1, "Other notes.");
        h.Prefill.Focused(Md, null, null);
        await ReadySession.WaitUntil(() => h.Generator.Prefills.Count == 1);

        h.Edit(Other, 2, line: 0, character: 5, " short");
        gate.SetResult();
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 1);
        Assert.Equal(0, h.Generator.PrefillCancellations);
        Assert.Equal(Md, Assert.Single(h.Generator.Prefills).SupersedeKey);
    }

    [Fact]
    public async Task Without_focus_reports_the_edited_document_becomes_the_one_prefilled()
    {
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true });
        h.Open(Md, Text);
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 1);
        h.Open(Other, "Other notes.");
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 2);

        h.Edit(Md, 2, line: 2, character: 3, " long");
        await ReadySession.WaitUntil(() => h.Clock.PendingTimers == 1);
        h.Clock.Advance(BackgroundPrefill.EditDebounce);
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 3);
        Assert.Equal("# Notes\n\nThe long", PrefixOf(h.Generator.Prefills.Last()));
    }

    [Fact]
    public async Task Closing_a_document_forgets_where_its_last_edit_ended()
    {
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true });
        h.Open(Md, Text);
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 1);
        var edited = h.Edit(Md, 2, line: 2, character: 3, " long");
        await ReadySession.WaitUntil(() => h.Clock.PendingTimers == 1);
        h.Prefill.Closed(Md);
        h.Documents.TryRemove(Md, out _);

        // Opened again, nothing says where the cursor is, so the end of the document is prefilled.
        h.Open(Md, edited.Text);
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 2);
        Assert.Equal(edited.Text, PrefixOf(h.Generator.Prefills.Last()));
    }

    [Fact]
    public async Task Closing_another_document_than_the_focused_one_keeps_the_focus()
    {
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true });
        h.Documents[Md] = new TextDocumentSnapshot(Md, "markdown", 1, Text);
        h.Documents[Other] = new TextDocumentSnapshot(Other, "markdown", 1, "Other notes.");
        h.Prefill.Focused(Md, null, null);
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 1);

        h.Prefill.Closed(Other);
        h.Documents.TryRemove(Other, out _);
        h.Edit(Md, 2, line: 2, character: 3, " long");
        await ReadySession.WaitUntil(() => h.Clock.PendingTimers == 1);
        h.Clock.Advance(BackgroundPrefill.EditDebounce);
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 2);
        Assert.Equal("# Notes\n\nThe long", PrefixOf(h.Generator.Prefills.Last()));
    }

    [Fact]
    public async Task After_a_completion_request_the_same_prefill_runs_again()
    {
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true });
        var document = h.Open(Md, Text);
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 1);

        // The completion's own prompt may have taken the cache slot, so the prefill is no longer taken as cached.
        h.Prefill.CompletionRequested();
        h.Prefill.Opened(document);
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 2);
        Assert.Equal(2, h.Generator.Prefills.Count(p => p.SupersedeKey == Md));
    }

    [Fact]
    public async Task A_finished_prefill_is_not_asked_for_again()
    {
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true });
        var document = h.Open(Md, Text);
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 1);

        h.Prefill.Opened(document);
        await h.SettleAfterAsync(lookups: 2);
        Assert.Single(h.Generator.Prefills, p => p.SupersedeKey == Md);
    }

    [Fact]
    public async Task A_preempted_prefill_is_asked_for_again_and_its_log_line_says_it_was_preempted()
    {
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true, PrefillPreempted = true });
        var document = h.Open(Md, Text);
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 1);
        await ReadySession.WaitUntil(() => h.Log.Lines.Count == 1);
        Assert.Equal($"Prefill of {Md} v1 at offset {Text.Length}: {Text.Length} tokens evaluated, {Text.Length} of {Text.Length} cached, preempted", Assert.Single(h.Log.Lines));

        // A request took the slot before the prompt was evaluated, so it is not in the cache.
        h.Prefill.Opened(document);
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 2);
        Assert.Equal(2, h.Generator.Prefills.Count);
    }

    [Fact]
    public async Task A_finished_prefill_logs_where_it_was_and_its_token_counts()
    {
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true });
        h.Open(Md, Text);
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 1);
        await ReadySession.WaitUntil(() => !h.Log.Lines.IsEmpty);
        Assert.Equal($"Prefill of {Md} v1 at offset {Text.Length}: {Text.Length} tokens evaluated, {Text.Length} of {Text.Length} cached", Assert.Single(h.Log.Lines));
    }

    [Fact]
    public async Task A_prefill_stopped_while_it_evaluates_logs_that_it_stopped()
    {
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true, PrefillGate = new TaskCompletionSource().Task });
        h.Open(Md, Text);
        await ReadySession.WaitUntil(() => h.Generator.Prefills.Count == 1);

        h.Prefill.CompletionRequested();
        await ReadySession.WaitUntil(() => !h.Log.Lines.IsEmpty);
        Assert.Equal($"Prefill of {Md} stopped", Assert.Single(h.Log.Lines));
    }

    [Fact]
    public async Task A_prefill_stopped_while_it_waits_out_the_debounce_logs_nothing()
    {
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true });
        h.Open(Md, Text);
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 1);
        h.Edit(Md, 2, line: 2, character: 3, " long");
        await ReadySession.WaitUntil(() => h.Clock.PendingTimers == 1);

        // Stopping a keystroke's prefill before it starts is the usual case, not worth a line.
        h.Prefill.Closed(Md);
        await h.SettleAfterAsync(lookups: 1);
        Assert.DoesNotContain(h.Log.Lines, line => line.Contains("stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_prefill_that_fails_logs_why()
    {
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true }) { LookupFailure = new InvalidOperationException("The store is gone.") };
        h.Open(Md, Text);
        await ReadySession.WaitUntil(() => !h.Log.Lines.IsEmpty);
        Assert.Equal($"Prefill of {Md} failed: The store is gone.", Assert.Single(h.Log.Lines));
    }

    [Fact]
    public async Task A_generator_without_a_cache_is_not_asked_again()
    {
        var unsupported = new ScriptedGenerator { SupportsPrefill = false };
        var h = new Harness(unsupported);
        var document = h.Open(Md, Text);
        await ReadySession.WaitUntil(() => h.Lookups == 1);
        h.Prefill.Opened(document);

        await h.SettleAfterAsync(lookups: 2, new ScriptedGenerator { SupportsPrefill = true });
        Assert.Single(unsupported.Prefills);
    }

    [Fact]
    public async Task The_setting_turned_off_while_a_prefill_waits_out_the_debounce_means_it_does_not_prefill()
    {
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true });
        h.Open(Md, Text);
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 1);
        h.Edit(Md, 2, line: 2, character: 3, " long");
        await ReadySession.WaitUntil(() => h.Clock.PendingTimers == 1);

        // The run reads the setting again when the debounce ends.
        h.Settings = SettingsCatalog.Defaults with { BackgroundPrefill = false };
        h.Clock.Advance(BackgroundPrefill.EditDebounce);
        await h.SettleAfterAsync(lookups: 2);
        Assert.Single(h.Generator.Prefills, p => p.SupersedeKey == Md);
    }

    [Theory]
    [InlineData(false, "markdown")]
    [InlineData(true, "python")]
    public async Task Completions_off_or_not_offered_for_the_language_mean_no_prefill(bool completionsOn, string language)
    {
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true })
        {
            Settings = SettingsCatalog.Defaults with { CompletionMode = completionsOn ? CompletionMode.Automatic : CompletionMode.Off, CompletionLanguages = [language] },
        };
        h.Open(Md, Text);

        await h.SettleAfterAsync(lookups: 1);
        Assert.DoesNotContain(h.Generator.Prefills, p => p.SupersedeKey == Md);
    }

    [Fact]
    public async Task A_stop_while_a_prefill_waits_for_the_one_before_it_means_it_never_starts()
    {
        var hold = new TaskCompletionSource();
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true, PrefillHold = hold.Task });
        h.Documents[Other] = new TextDocumentSnapshot(Other, "markdown", 1, "Other notes.");
        h.Documents[Third] = new TextDocumentSnapshot(Third, "markdown", 1, "Third notes.");
        h.Open(Md, Text);
        await ReadySession.WaitUntil(() => h.Generator.Prefills.Count == 1);

        // The held prefill ends only when released, so the prefill of Other is still waiting for it when Third takes focus.
        h.Prefill.Focused(Other, null, null);
        h.Prefill.Focused(Third, null, null);
        hold.SetResult();
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 2);
        Assert.Equal([Md, Third], h.Generator.Prefills.Select(p => p.SupersedeKey));
    }

    [Fact]
    public async Task A_reported_cursor_is_on_screen_from_the_first_visible_character_and_not_before_it_on_that_line()
    {
        var h = new Harness(new ScriptedGenerator { SupportsPrefill = true, Model = new("scripted", ModelProfile.Glm4, true, 4096, "scripted (tests)") });
        h.Documents[Md] = new TextDocumentSnapshot(Md, "markdown", 1, Text);

        // A fill-in-the-middle model prefills at a cursor on screen, and else at the end of the visible range.
        h.Prefill.Focused(Md, new LinePosition(2, 9), new LineRange(new LinePosition(2, 9), new LinePosition(4, 3)));
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 1);
        Assert.Equal("# Notes\n\nThe first", PrefixOf(h.Generator.Prefills.Last()));

        h.Prefill.Focused(Md, new LinePosition(2, 5), new LineRange(new LinePosition(2, 9), new LinePosition(4, 3)));
        await ReadySession.WaitUntil(() => h.Prefill.Finished == 2);
        Assert.Equal("# Notes\n\nThe first paragraph is done.\n\nThe", PrefixOf(h.Generator.Prefills.Last()));
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

    private static string PrefixOf(GenerationRequest request) => Assert.IsType<FillInTheMiddlePrompt>(request.Prompt).Prefix;

    /// <summary>
    /// A <see cref="BackgroundPrefill"/> on its own: the documents, settings and model it sees are properties a test
    /// sets, its debounce runs on a manual clock, its log is recorded, and it counts the document look-ups its runs make.
    /// </summary>
    private sealed class Harness
    {
        private const string Fence = "file:///notes/fence.md";
        private int lookups;

        public Harness(ScriptedGenerator generator)
        {
            Generator = generator;
            Prefill = new BackgroundPrefill(
                () => Generator, () => Settings, Lookup, Clock, Log.CreateLogger<BackgroundPrefill>(), new WorkspaceFolderSet());
        }

        public ScriptedGenerator Generator { get; set; }
        public GlmSettings Settings { get; set; } = SettingsCatalog.Defaults;
        public ConcurrentDictionary<string, TextDocumentSnapshot> Documents { get; } = new();
        public ManualClock Clock { get; } = new();
        public RecordingLoggerFactory Log { get; } = new();
        public BackgroundPrefill Prefill { get; }

        /// <summary>When set, looking a document up throws it.</summary>
        public Exception? LookupFailure { get; init; }

        /// <summary>Look-ups of a document by URI; a run makes one after every check of its stop.</summary>
        public int Lookups => Volatile.Read(ref lookups);

        public TextDocumentSnapshot Open(string uri, string text)
        {
            var document = new TextDocumentSnapshot(uri, "markdown", 1, text);
            Documents[uri] = document;
            Prefill.Opened(document);
            return document;
        }

        public TextDocumentSnapshot Edit(string uri, int version, int line, int character, string inserted)
        {
            var at = new LinePosition(line, character);
            TextChange[] changes = [new TextChange(inserted, new LineRange(at, at))];
            var document = Documents[uri].WithChanges(version, changes);
            Documents[uri] = document;
            Prefill.Edited(document, changes);
            return document;
        }

        /// <summary>
        /// Waits until documents were looked up <paramref name="count"/> times (so the run that made the last look-up can
        /// no longer be stopped before it asks for a prefill), then focuses and prefills a fresh document with the setting
        /// on, optionally on another generator. That prefill waits for every run before it, so once it is asked for,
        /// whatever those runs prefilled is recorded.
        /// </summary>
        public async Task SettleAfterAsync(int lookups, ScriptedGenerator? generator = null)
        {
            await ReadySession.WaitUntil(() => Lookups >= lookups);
            Generator = generator ?? Generator;
            Settings = SettingsCatalog.Defaults;
            Documents[Fence] = new TextDocumentSnapshot(Fence, "markdown", 1, "A fence.");
            Prefill.Focused(Fence, null, null);
            await ReadySession.WaitUntil(() => Generator.Prefills.Any(p => p.SupersedeKey == Fence));
        }

        private TextDocumentSnapshot? Lookup(string uri)
        {
            Interlocked.Increment(ref lookups);
            if (LookupFailure is { } failure)
            {
                throw failure;
            }

            return Documents.TryGetValue(uri, out var document) ? document : null;
        }
    }
}
