using System.Diagnostics;
using Glm.Lsp.Completion;
using Glm.Lsp.Documents;
using Glm.Lsp.Protocol;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;

namespace Glm.Lsp.Handlers;

/// <summary>textDocument/inlineCompletion, and textDocument/completion for clients without inline completion.</summary>
/// <param name="sendRequestStats">True with the request-stats diagnostic switch: each inline completion is followed by glm/requestStats.</param>
internal sealed class CompletionHandler(ServerContext context, InlineCompletionService completions, bool sendRequestStats = false)
{
    private readonly ILogger logger = context.LoggerFactory.CreateLogger<CompletionHandler>();

    /// <summary>Stopped by every completion request: the request needs the model now.</summary>
    public BackgroundPrefill? Prefill { get; init; }

    /// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#textDocument_inlineCompletion</remarks>
    [JsonRpcMethod("textDocument/inlineCompletion", UseSingleObjectParameterDeserialization = true)]
    public async Task<InlineCompletionList> InlineCompletionAsync(InlineCompletionParams parameters, CancellationToken cancellationToken)
    {
        Prefill?.CompletionRequested();
        // The snapshot is taken before the first await, in message order; the work then leaves the dispatch context.
        var document = context.Documents.TryGet(parameters.TextDocument.Uri);
        if (document is null)
        {
            return InlineCompletionList.Empty;
        }

        var trace = sendRequestStats ? new CompletionTrace() : null;
        var request = new SuggestionRequest(
            document,
            parameters.Position.ToLinePosition(),
            (parameters.Context?.TriggerKind ?? InlineCompletionTriggerKind.Invoked).ToSuggestionTrigger(),
            parameters.Context?.SelectedCompletionInfo?.ToSelectedCompletion(),
            trace);
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<Suggestion> suggestions = [];
        try
        {
            suggestions = await Task.Run(() => completions.SuggestAsync(request, cancellationToken), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Logged too: whether the editor gave up on a request is half of why ghost text did or did not appear.
            logger.LogDebug(
                "Inline completion {Uri} v{Version} {Line}:{Character} ({Trigger}): cancelled by the client after {Milliseconds:F0} ms",
                document.Uri, document.Version, parameters.Position.Line, parameters.Position.Character, request.TriggerKind,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            trace?.Outcome = "cancelled";
            throw;
        }
        catch (Exception) when (trace is not null)
        {
            trace.Outcome = "failed";
            throw;
        }
        finally
        {
            if (trace is not null)
            {
                // Sent before the answer, so a client has the figures of a request when its response arrives.
                await context.Client.SendRequestStatsAsync(StatsOf(request, trace, suggestions.Count));
            }
        }

        // One line per request: when ghost text does not appear, this says whether the editor asked, when, and what it got.
        logger.LogDebug(
            "Inline completion {Uri} v{Version} {Line}:{Character} ({Trigger}): {Count} item(s) in {Milliseconds:F0} ms",
            document.Uri, document.Version, parameters.Position.Line, parameters.Position.Character, request.TriggerKind, suggestions.Count,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new InlineCompletionList([.. suggestions.Select(s => s.ToInlineCompletionItem())]);
    }

    /// <summary>The same suggestion as one completion item; isIncomplete so the client asks again as the user types.</summary>
    /// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#textDocument_completion</remarks>
    [JsonRpcMethod("textDocument/completion", UseSingleObjectParameterDeserialization = true)]
    public async Task<CompletionList> CompletionAsync(CompletionParams parameters, CancellationToken cancellationToken)
    {
        Prefill?.CompletionRequested();
        var document = context.Documents.TryGet(parameters.TextDocument.Uri);
        if (document is null)
        {
            return CompletionList.Empty;
        }

        var request = new SuggestionRequest(document, parameters.Position.ToLinePosition(), TriggerOf(parameters.Context));
        var suggestions = await Task.Run(() => completions.SuggestAsync(request, cancellationToken), cancellationToken);
        return new CompletionList(true, [.. suggestions.Select(s => ItemFor(document, s))]);
    }

    /// <summary>
    /// The item starts at the word before the cursor: clients filter items by that word (eglot by the symbol at point,
    /// Neovim's omnifunc by the text from the edit's start), so "why" + " the code…" becomes "why the code…".
    /// </summary>
    private static CompletionItem ItemFor(TextDocumentSnapshot document, Suggestion suggestion)
    {
        var end = document.OffsetAt(suggestion.Range.Start);
        var start = end;
        // The word never reaches back past the cursor's column: a position beyond the last line is clamped to the end
        // of the text, whose word belongs to another line.
        var longestWord = Math.Min(64, suggestion.Range.Start.Character);
        while (start > 0 && end - start < longestWord && (char.IsLetterOrDigit(document.Text[start - 1]) || document.Text[start - 1] == '_'))
        {
            start--;
        }

        var word = document.Text[start..end];
        var range = word.Length == 0 ? suggestion.Range : suggestion.Range with { Start = new LinePosition(suggestion.Range.Start.Line, suggestion.Range.Start.Character - word.Length) };
        return new CompletionItem(Label(word + suggestion.InsertText), 1, "GLM", new TextEdit(range.ToLspRange(), word + suggestion.InsertText));
    }

    /// <summary>
    /// Only an explicit request (triggerKind Invoked) counts as invoked; trigger characters and the re-requests of an
    /// incomplete list are typing. A client without context support (Neovim 0.7's omnifunc) sends none, and asks only
    /// when the user does.
    /// </summary>
    private static SuggestionTrigger TriggerOf(CompletionContext? completionContext) =>
        completionContext is null || completionContext.TriggerKind == CompletionTriggerKind.Invoked
            ? SuggestionTrigger.Invoked
            : SuggestionTrigger.Automatic;

    private RequestStatsParams StatsOf(SuggestionRequest request, CompletionTrace trace, int items)
    {
        var generations = trace.Generations;
        var newest = context.Documents.TryGet(request.Document.Uri)?.Version ?? request.Document.Version;
        return new RequestStatsParams(
            "textDocument/inlineCompletion",
            request.Document.Uri,
            request.Document.Version,
            newest,
            request.Position.ToPosition(),
            trace.Outcome,
            items,
            generations.Sum(g => g.PromptTokens),
            generations.Sum(g => g.EvaluatedPromptTokens),
            generations.Sum(g => g.ChangedPromptTokens),
            generations.Sum(g => g.GeneratedTokens),
            trace.TimeToFirstToken?.TotalMilliseconds,
            trace.SinceArrival.TotalMilliseconds,
            generations.Sum(g => g.PromptTime.TotalMilliseconds),
            generations.Sum(g => g.GenerationTime.TotalMilliseconds),
            trace.ModelFreedTimestamp is { } freed ? freed * 1000.0 / Stopwatch.Frequency : null)
        {
            DraftedTokens = generations.Sum(g => g.DraftedTokens),
            AcceptedDraftTokens = generations.Sum(g => g.AcceptedDraftTokens),
            VerifySteps = generations.Sum(g => g.VerifySteps),
        };
    }

    private static string Label(string text)
    {
        var firstLine = text.Split('\n')[0].Trim();
        return firstLine.Length <= 60 ? firstLine : firstLine[..57] + "...";
    }
}
