using System.Text;
using Glm.Inference.Generation;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Rewrite;

/// <summary>
/// Runs one instruction over a text with the model's chat template (rewrites and translations) and streams the text
/// so far to <paramref name="onProgress"/> as it grows. The text comes first, between &lt;text&gt; tags, and the
/// instruction after it, so a prompt cut at its start loses text, never the task. A text too long for one prompt is
/// done in chunks (<see cref="TextChunker"/>), each with the whole instruction, in order. Every answer is cleaned
/// (<see cref="AnswerCleaner"/>) and gets the selection's own outer whitespace back.
/// </summary>
public static class TextTransformer
{
    public const string SystemPrompt = "You are a careful writing assistant. Answer with the resulting text only, without explanations or quotes.";

    public const string ChineseSystemPrompt = "你是一位细心的写作助手。只回答结果文本，不要解释，也不要加引号。";

    /// <summary>Tokens of the chat template around the messages ([gMASK]&lt;sop&gt;, role tokens, line breaks), with room to spare.</summary>
    private const int TemplateTokens = 16;

    /// <summary>Tokens an answer may have beyond twice its source: translations into English grow.</summary>
    private const int AnswerSlack = 32;

    /// <summary>The user turn for one chunk: the delimited text, then the instruction.</summary>
    public static string UserMessage(string text, string instruction) => $"<text>\n{text}\n</text>\n\n{instruction}";

    /// <summary>A Chinese instruction gets a Chinese system prompt, so the model answers in the language it is asked in.</summary>
    public static string SystemPromptFor(string instruction) => ChineseText.Contains(instruction) ? ChineseSystemPrompt : SystemPrompt;

    public static async Task<string> TransformAsync(
        ITextGenerator generator, GlmSettings settings, string instruction, string text, Action<string>? onProgress, CancellationToken cancellationToken)
    {
        var core = text.Trim();
        if (core.Length == 0)
        {
            return text;
        }

        var system = SystemPromptFor(instruction);
        var chunks = TextChunker.Split(core, ChunkTokenBudget(generator, settings, system, instruction), generator.CountTokens);
        var dropHeaderLine = generator.Model.Profile == ModelProfile.ChatGlm3;
        var done = new StringBuilder();
        var shown = "";
        foreach (var chunk in chunks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var before = done.ToString() + chunk.Separator;
            var answer = new StringBuilder();
            await foreach (var piece in generator.GenerateAsync(Request(generator, settings, system, instruction, chunk.Text), cancellationToken))
            {
                if (piece.Text.Length == 0)
                {
                    continue;
                }

                answer.Append(piece.Text);
                var partial = AnswerCleaner.CleanPartial(answer.ToString(), chunk.Text, dropHeaderLine);
                // Nothing is shown of a chunk until it has safe text: the preview keeps the previous state meanwhile.
                if (partial.Length > 0 && before + partial is var soFar && soFar != shown)
                {
                    shown = soFar;
                    onProgress?.Invoke(AnswerCleaner.Frame(soFar, text));
                }
            }

            done.Append(chunk.Separator).Append(AnswerCleaner.Clean(answer.ToString(), chunk.Text, dropHeaderLine));
        }

        return AnswerCleaner.Frame(done.ToString(), text);
    }

    private static GenerationRequest Request(ITextGenerator generator, GlmSettings settings, string system, string instruction, string text)
    {
        var options = new GenerationOptions
        {
            MaxTokens = Math.Max(settings.MaxTokens, (generator.CountTokens(text) * 2) + AnswerSlack),
            Temperature = (float)settings.Temperature,
            SpeculativeDecoding = settings.SpeculativeDecoding,
        };
        return new GenerationRequest(ChatPrompt.FromUser(UserMessage(text, instruction), system), options) { Priority = RequestPriority.UserAction };
    }

    /// <summary>The most text tokens one prompt may carry: the prompt (instruction, system prompt, template and text)
    /// and an answer of twice the text must fit the model's context together.</summary>
    private static int ChunkTokenBudget(ITextGenerator generator, GlmSettings settings, string system, string instruction)
    {
        var context = generator.Model.ContextLength;
        var overhead = generator.CountTokens(system) + generator.CountTokens(UserMessage("", instruction)) + TemplateTokens;
        var room = context - overhead;
        var budget = Math.Min((room - AnswerSlack) / 3, room - settings.MaxTokens);
        return budget >= 1
            ? budget
            : throw new InvalidInputException(
                $"The instruction takes {overhead} of the model's {context} context tokens and leaves no room for the text; shorten it or raise glm.contextSize.");
    }
}
