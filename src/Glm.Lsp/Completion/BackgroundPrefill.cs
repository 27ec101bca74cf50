using Glm.Inference.Generation;
using Glm.Lsp.Documents;
using Glm.Lsp.Settings;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Completion;

/// <summary>
/// Fills the model's cache, while the user reads, with the prompt the next suggestion will most likely need: the
/// request <see cref="CompletionPrompt.Build"/> makes for a suggestion at the likely cursor of the document the user
/// looks at. One document at a time and one prefill at a time; an edit of that document, its close, any completion
/// request, another document taking focus or the setting turned off stops it, and what was evaluated stays cached.
/// </summary>
/// <remarks>
/// Where the next suggestion will be: after an edit, where the edit ended. After a focus report, on a continuation model
/// the end of the visible range, because the prompt up to there begins with the prompt of every cursor on screen and
/// the cache reuses any common prefix; on a fill-in-the-middle model, whose prompt puts the text after the cursor first,
/// the reported cursor when it is on screen. Knowing neither, the end of the document: a document that fits the prompt
/// budget then has all of its text in the cached prefix, and notes are most often extended at their end.
/// </remarks>
/// <param name="currentGenerator">The model that answers now, or null while none is ready.</param>
/// <param name="documents">The open document of a URI, or null.</param>
/// <param name="clock">Times the debounce; tests pass a manual clock.</param>
/// <param name="folders">The workspace folders, which a document's path in the prompt is relative to.</param>
public sealed class BackgroundPrefill(
    Func<ITextGenerator?> currentGenerator,
    Func<GlmSettings> settings,
    Func<string, TextDocumentSnapshot?> documents,
    TimeProvider clock,
    ILogger<BackgroundPrefill> logger,
    WorkspaceFolderSet folders)
{
    /// <summary>
    /// How long the user must pause typing before the prefill starts again: long enough that it does not start and
    /// stop between keystrokes (fast typing is 100–250 ms a key), short enough that it is done before most pauses end.
    /// </summary>
    public static readonly TimeSpan EditDebounce = TimeSpan.FromMilliseconds(400);

    private readonly Lock gate = new();
    private readonly Dictionary<string, LikelyPlace> likelyPlaces = new(StringComparer.Ordinal);
    private string? target;
    private bool focusReported;
    private bool wasEnabled = true;
    private (string Uri, CancellationTokenSource Stop)? running;
    private Task lastRun = Task.CompletedTask;
    private ITextGenerator? unsupported;
    private CachedPrefill? lastCached;
    private int finished;

    /// <summary>The answer of the last prefill that ran to its end or was preempted; null before the first.</summary>
    public PrefillResult? LastResult { get; private set; }

    /// <summary>How many prefills got an answer from the generator (finished or preempted).</summary>
    public int Finished => Volatile.Read(ref finished);

    /// <summary>A document was opened. Until the client reports focus, the last opened document is the one looked at.</summary>
    public void Opened(TextDocumentSnapshot document)
    {
        lock (gate)
        {
            if (!focusReported || target == document.Uri)
            {
                target = document.Uri;
                StartLocked(document.Uri, TimeSpan.Zero);
            }
        }
    }

    /// <summary>The client says <paramref name="uri"/> is the document the user looks at now.</summary>
    /// <param name="cursor">The cursor, when the client said where it is.</param>
    /// <param name="visible">The visible part of the document, when the client said.</param>
    public void Focused(string uri, LinePosition? cursor, LineRange? visible)
    {
        lock (gate)
        {
            focusReported = true;
            var cursorInView = cursor is { } at && (visible is not { } shown || Contains(shown, at)) ? cursor : null;
            if (cursorInView is not null || visible is not null)
            {
                likelyPlaces[uri] = new LikelyPlace(cursorInView, visible?.End);
            }

            target = uri;
            if (documents(uri) is not null)
            {
                StartLocked(uri, TimeSpan.Zero);
            }
            else
            {
                // Reported before its didOpen: the prefill starts when it is opened.
                StopLocked();
            }
        }
    }

    /// <summary>A document was edited: a prefill of it stops, and the document's next one starts after <see cref="EditDebounce"/>.</summary>
    /// <param name="changes">The changes that made <paramref name="document"/>, in order; the end of the last is the likely cursor.</param>
    public void Edited(TextDocumentSnapshot document, IReadOnlyList<TextChange> changes)
    {
        lock (gate)
        {
            if (changes.Count > 0 && changes[^1] is { Range: { } range } last)
            {
                var end = Math.Min(document.OffsetAt(range.Start) + last.Text.Length, document.Text.Length);
                likelyPlaces[document.Uri] = new LikelyPlace(document.PositionAt(end), null);
            }

            if (running?.Uri == document.Uri)
            {
                StopLocked();
            }

            // A client that reports focus says which document the user looks at; an edit elsewhere (a rename, a format
            // of another file) does not move it. Without focus reports, the edited document is the one looked at.
            if (!focusReported)
            {
                target = document.Uri;
            }

            if (target == document.Uri)
            {
                StartLocked(document.Uri, EditDebounce);
            }
        }
    }

    /// <summary>A document was closed: its prefill stops and its likely cursor is forgotten.</summary>
    public void Closed(string uri)
    {
        lock (gate)
        {
            likelyPlaces.Remove(uri);
            if (running?.Uri == uri)
            {
                StopLocked();
            }

            if (target == uri)
            {
                target = null;
            }
        }
    }

    /// <summary>A completion was asked for: it needs the model now, and it leaves its own prompt in the cache (which
    /// may take the slot of the last prefill's, so that one is no longer taken as cached).</summary>
    public void CompletionRequested()
    {
        lock (gate)
        {
            StopLocked();
            Volatile.Write(ref lastCached, null);
        }
    }

    /// <summary>Settings changed: turning the prefill off stops it, turning it back on starts it for the document looked at.</summary>
    public void SettingsChanged()
    {
        lock (gate)
        {
            var enabled = settings().BackgroundPrefill;
            if (!enabled)
            {
                StopLocked();
            }
            else if (!wasEnabled && target is { } uri)
            {
                StartLocked(uri, TimeSpan.Zero);
            }

            wasEnabled = enabled;
        }
    }

    /// <summary>A model became ready: the document looked at gets its prefill now. Called under the model host's lock,
    /// so the start is queued and takes no lock of the host's.</summary>
    public void ModelReady() =>
        _ = Task.Run(() =>
        {
            lock (gate)
            {
                if (target is { } uri)
                {
                    StartLocked(uri, TimeSpan.Zero);
                }
            }
        });

    private void StartLocked(string uri, TimeSpan delay)
    {
        StopLocked();
        if (!settings().BackgroundPrefill)
        {
            return;
        }

        var stop = new CancellationTokenSource();
        running = (uri, stop);
        var previous = lastRun;
        // Off the caller's thread (a notification's dispatch): the prompt window counts tokens of the whole document.
        lastRun = Task.Run(() => RunAsync(uri, delay, previous, stop), CancellationToken.None);
    }

    private void StopLocked()
    {
        running?.Stop.Cancel();
        running = null;
    }

    /// <summary>Runs one prefill. Nothing escapes: it runs unobserved, and a failure only costs its cache contents.</summary>
    private async Task RunAsync(string uri, TimeSpan delay, Task previous, CancellationTokenSource stop)
    {
        var evaluating = false;
        try
        {
            // Never two at a time: the stopped one ends within one decode chunk.
            await previous;
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, clock, stop.Token);
            }

            stop.Token.ThrowIfCancellationRequested();
            var current = settings();
            var generator = currentGenerator();
            var document = documents(uri);
            if (!current.BackgroundPrefill || generator is null || ReferenceEquals(generator, unsupported) || document is null
                || current.CompletionMode == CompletionMode.Off || !GlmSettings.IsListed(current.CompletionLanguages, document.LanguageId))
            {
                return;
            }

            var offset = LikelyPlaceOf(uri)?.For(generator.Model.SupportsFillInTheMiddle) is { } place ? document.OffsetAt(place) : document.Text.Length;
            var before = document.Text[..offset];
            var after = document.Text[offset..];
            var request = CompletionPrompt.BuildAutomatic(generator, current, document, before, after, folders);
            if (Volatile.Read(ref lastCached) is { } cached && ReferenceEquals(cached.Generator, generator) && cached.Request == request)
            {
                // Asked again for what is cached already (a scroll that kept the cursor, the model-ready signal racing an open).
                return;
            }

            evaluating = true;
            var result = await generator.PrefillAsync(request, stop.Token);
            if (ReferenceEquals(result, PrefillResult.Unsupported))
            {
                // A generator without a cache of its own (a remote server) is not asked again.
                unsupported = generator;
                return;
            }

            Volatile.Write(ref lastCached, result.Preempted ? null : new CachedPrefill(generator, request));
            LastResult = result;
            Interlocked.Increment(ref finished);
            logger.LogDebug(
                "Prefill of {Uri} v{Version} at offset {Offset}: {Evaluated} tokens evaluated, {Cached} of {Prompt} cached{Preempted}",
                uri, document.Version, offset, result.EvaluatedTokens, result.CachedTokens, result.PromptTokens, result.Preempted ? ", preempted" : "");
        }
        catch (OperationCanceledException) when (!evaluating)
        {
            // Stopped while waiting out the debounce: the usual fate of a keystroke's prefill, not worth a log line.
        }
        catch (OperationCanceledException)
        {
            logger.LogDebug("Prefill of {Uri} stopped", uri);
        }
        catch (Exception e)
        {
            logger.LogDebug("Prefill of {Uri} failed: {Reason}", uri, e.Message);
        }
        finally
        {
            lock (gate)
            {
                if (running?.Stop == stop)
                {
                    running = null;
                }
            }

            stop.Dispose();
        }
    }

    private LikelyPlace? LikelyPlaceOf(string uri)
    {
        lock (gate)
        {
            return likelyPlaces.TryGetValue(uri, out var place) ? place : null;
        }
    }

    /// <summary>What is known of where the next suggestion in a document will be: a cursor (reported on screen, or where
    /// the last edit ended) and the end of the visible range.</summary>
    private sealed record LikelyPlace(LinePosition? Cursor, LinePosition? VisibleEnd)
    {
        public LinePosition? For(bool fillInTheMiddle) => fillInTheMiddle ? Cursor ?? VisibleEnd : VisibleEnd ?? Cursor;
    }

    /// <summary>A prefill that ran to its end, so asking for the same request on the same generator again is pointless.</summary>
    private sealed record CachedPrefill(ITextGenerator Generator, GenerationRequest Request);

    private static bool Contains(LineRange range, LinePosition position) =>
        Compare(range.Start, position) <= 0 && Compare(position, range.End) <= 0;

    private static int Compare(LinePosition a, LinePosition b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Character.CompareTo(b.Character);
}
