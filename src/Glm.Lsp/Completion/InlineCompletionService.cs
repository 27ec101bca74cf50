using System.Text;
using Glm.Inference.Generation;
using Glm.Lsp.Documents;
using Glm.Lsp.Settings;
using Glm.Lsp.Syntax;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Completion;

/// <summary>
/// Makes inline suggestions: decides whether the cursor is somewhere to write (prose, comment or docstring), reuses the
/// last suggestion while the user types through it, builds a fill-in-the-middle or continuation prompt within the
/// token budget, and generates one candidate (automatic) or up to two (invoked: the single-line and multi-line shapes).
/// </summary>
/// <param name="currentGenerator">The model that answers now, or null while none is ready.</param>
/// <param name="promptReuse">False only for the benchmark baseline: the typing-through cache is not used either.</param>
/// <param name="workspaceFolders">The editor's folders: a prompt names the document by its path relative to them
/// (none: by its file name).</param>
public sealed class InlineCompletionService(
    Func<ITextGenerator?> currentGenerator,
    Func<GlmSettings> settings,
    SyntaxContextDetector syntax,
    ILogger<InlineCompletionService> logger,
    bool promptReuse = true,
    WorkspaceFolderSet? workspaceFolders = null)
{
    private readonly TypingThroughCache typingThrough = new();
    private readonly SupersedeRegistry supersede = new();
    private readonly InFlightSuggestions inFlight = new(logger);
    private readonly WorkspaceFolderSet folders = workspaceFolders ?? new();

    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(SuggestionRequest request, CancellationToken cancellationToken)
    {
        var current = settings();
        var document = request.Document;
        if (current.CompletionMode == CompletionMode.Off
            || (current.CompletionMode == CompletionMode.Invoked && request.TriggerKind == SuggestionTrigger.Automatic)
            || !GlmSettings.IsListed(current.CompletionLanguages, document.LanguageId))
        {
            return [];
        }

        var model = currentGenerator();
        if (model is null)
        {
            return [];
        }

        var (suggestions, joined) = await inFlight.RunOrJoinAsync(
            SuggestionIdentity.Of(request, current, model), stop => SuggestNowAsync(request, current, model, stop), cancellationToken);
        if (joined)
        {
            request.Trace?.Outcome = "joined";
        }

        return suggestions;
    }

    /// <summary>Makes the suggestions for a request no identical request is already making.</summary>
    /// <param name="cancellationToken">Cancelled only when every request waiting for this answer was cancelled.</param>
    private async Task<IReadOnlyList<Suggestion>> SuggestNowAsync(
        SuggestionRequest request, GlmSettings current, ITextGenerator generator, CancellationToken cancellationToken)
    {
        var document = request.Document;

        // Registered before any slow step (grammar scan, prompt window): the older request for this document stops now,
        // so the model is free for this one as early as possible.
        using var lease = supersede.Begin(document.Uri, document.Version);
        if (lease.Superseded.IsCancellationRequested)
        {
            // Handlers run concurrently, so a request can get here after one the editor sent later for a newer version.
            logger.LogDebug("Completion for {Uri} v{Version} not started: a newer version's is running", document.Uri, document.Version);
            request.Trace?.Outcome = "stale";
            return [];
        }

        var context = syntax.Detect(document, request.Position);
        if (context is not (SyntaxContext.Prose or SyntaxContext.Comment))
        {
            logger.LogDebug("No completion in {Context} at {Position} of {Uri}", context, request.Position, document.Uri);
            return [];
        }

        var (before, after, range) = Surroundings(request);
        var remainder = promptReuse ? typingThrough.Remainder(document.Uri, before, after) : null;
        if (remainder is not null)
        {
            request.Trace?.Outcome = "typingThrough";
            return [new Suggestion(Prefixed(request, remainder), range)];
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Superseded);
        try
        {
            var budget = SuggestionBudget.For(request.TriggerKind, current, generator.Speeds);
            var multiLine = budget.AllowsMultiLine(before, after);
            var shapes = request.TriggerKind == SuggestionTrigger.Invoked ? new[] { multiLine, !multiLine } : [multiLine];
            var candidates = new List<string>();
            foreach (var shape in shapes)
            {
                var text = await GenerateAsync(generator, current, document, before, after, shape, budget, request.Trace, linked.Token);
                if (text.Length > 0 && !candidates.Contains(text))
                {
                    candidates.Add(text);
                }
            }

            if (lease.Superseded.IsCancellationRequested)
            {
                // The document changed while the answer was being made; the editor already has a newer version.
                request.Trace?.Outcome = "stale";
                return [];
            }

            if (candidates.Count > 0)
            {
                typingThrough.Remember(document.Uri, before, after, candidates[0]);
            }

            request.Trace?.Outcome = "generated";
            return [.. candidates.Select(c => new Suggestion(Prefixed(request, c), range))];
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Superseded by a newer request or an edit of the same document (here or in the engine): the newer answers.
            logger.LogDebug("Completion for {Uri} superseded", document.Uri);
            request.Trace?.Outcome = "superseded";
            return [];
        }
    }

    /// <summary>Forgets what was suggested for a closed document.</summary>
    public void Forget(string uri) => typingThrough.Forget(uri);

    /// <summary>Stops the completion running for a document that was just edited: it would answer for an old version.</summary>
    public void DocumentChanged(string uri) => supersede.Cancel(uri);

    private async Task<string> GenerateAsync(
        ITextGenerator generator,
        GlmSettings current,
        TextDocumentSnapshot document,
        string before,
        string after,
        bool multiLine,
        SuggestionBudget budget,
        CompletionTrace? trace,
        CancellationToken cancellationToken)
    {
        var request = CompletionPrompt.Build(generator, current, document, before, after, multiLine, folders, budget);
        var text = new StringBuilder();
        var queuedAt = trace?.GenerationQueuedAt() ?? TimeSpan.Zero;
        try
        {
            await foreach (var chunk in generator.GenerateAsync(request, cancellationToken))
            {
                text.Append(chunk.Text);
                if (chunk.Completed is { } stats)
                {
                    trace?.Generated(queuedAt, stats);
                }
            }
        }
        catch (Exception) when (trace is not null)
        {
            trace.GenerationEnded();
            throw;
        }

        return Tidy(text.ToString(), multiLine);
    }

    /// <summary>A single-line suggestion ends at its first line break; trailing whitespace is never suggested.</summary>
    private static string Tidy(string generated, bool multiLine)
    {
        var text = generated;
        if (!multiLine)
        {
            var lineBreak = text.IndexOfAny(['\r', '\n']);
            if (lineBreak >= 0)
            {
                text = text[..lineBreak];
            }
        }

        return text.TrimEnd();
    }

    /// <summary>
    /// Text before and after the cursor as the model should see it, and the range the suggestion replaces. With a
    /// selected completion item, the document is taken as if that item were already inserted, and the suggestion
    /// uses the item's range, as the spec asks.
    /// </summary>
    private static (string Before, string After, LineRange Range) Surroundings(SuggestionRequest request)
    {
        var document = request.Document;
        if (request.SelectedCompletion is { } selected)
        {
            var start = document.OffsetAt(selected.Range.Start);
            var end = Math.Max(start, document.OffsetAt(selected.Range.End));
            return (document.Text[..start] + selected.Text, document.Text[end..], selected.Range);
        }

        var offset = document.OffsetAt(request.Position);
        return (document.Text[..offset], document.Text[offset..], LineRange.At(request.Position));
    }

    private static string Prefixed(SuggestionRequest request, string text) => request.SelectedCompletion is { } selected ? selected.Text + text : text;
}
