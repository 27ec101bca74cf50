using Glm.Inference.Generation;
using Glm.Lsp.Documents;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Completion;

/// <summary>
/// The generation request of an inline suggestion at one place of a document. Completions and the background prefill
/// both build it here, so what the prefill caches is the beginning of what the next suggestion asks for.
/// </summary>
public static class CompletionPrompt
{
    /// <summary>The request of an automatic suggestion between <paramref name="before"/> and <paramref name="after"/>: its
    /// shape and latency budget as <see cref="InlineCompletionService"/> gives them, so a prefill caches exactly its prompt.</summary>
    public static GenerationRequest BuildAutomatic(
        ITextGenerator generator, GlmSettings current, TextDocumentSnapshot document, string before, string after, WorkspaceFolderSet folders)
    {
        var budget = SuggestionBudget.For(SuggestionTrigger.Automatic, current, generator.Speeds);
        var multiLine = budget.AllowsMultiLine(before, after);
        return Build(generator, current, document, before, after, multiLine, folders, budget);
    }

    /// <summary>The request for a suggestion between <paramref name="before"/> and <paramref name="after"/>, within
    /// <paramref name="budget"/> (none when null; its shape is the caller's to apply to <paramref name="multiLine"/>).</summary>
    /// <param name="folders">The workspace folders, which the document's path in the prompt is relative to.</param>
    public static GenerationRequest Build(
        ITextGenerator generator, GlmSettings current, TextDocumentSnapshot document, string before, string after, bool multiLine, WorkspaceFolderSet folders,
        SuggestionBudget? budget = null)
    {
        var fillInTheMiddle = generator.Model.SupportsFillInTheMiddle;
        var prefixBudget = fillInTheMiddle ? current.PromptTokenBudget * 3 / 4 : current.PromptTokenBudget;
        // Anchored, so the prompt keeps its beginning while the user types and the engine reuses its KV cache.
        var prefix = PromptWindow.TakeEndAnchored(before, prefixBudget, generator.CountTokens);
        var suffix = fillInTheMiddle ? PromptWindow.TakeStart(after, current.PromptTokenBudget - prefixBudget, generator.CountTokens) : "";
        var prompt = new FillInTheMiddlePrompt(prefix, suffix, folders.RelativePathOf(document.Uri), document.LanguageId, multiLine);
        var options = new GenerationOptions
        {
            MaxTokens = current.MaxTokens,
            Temperature = (float)current.Temperature,
            SpeculativeDecoding = current.SpeculativeDecoding,
            SingleLine = !multiLine,
            LatencyBudget = budget?.LatencyBudget,
        };
        return new GenerationRequest(prompt, options)
        {
            Priority = RequestPriority.InlineCompletion,
            SupersedeKey = document.Uri,
            SupersedeVersion = document.Version,
        };
    }
}
