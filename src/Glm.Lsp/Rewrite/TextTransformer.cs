using System.Text;
using Glm.Inference.Generation;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Rewrite;

/// <summary>
/// Runs one instruction over a text with the model's chat template (rewrites and translations) and streams the text
/// so far to <paramref name="onProgress"/> as it grows. The answer is trimmed: models like to add blank lines.
/// </summary>
public static class TextTransformer
{
    public const string SystemPrompt = "You are a careful writing assistant. Answer with the resulting text only, without explanations or quotes.";

    public static async Task<string> TransformAsync(
        ITextGenerator generator, GlmSettings settings, string instruction, string text, Action<string>? onProgress, CancellationToken cancellationToken)
    {
        var prompt = ChatPrompt.FromUser($"{instruction}\n\n{text}", SystemPrompt);

        // A rewrite may be longer than its source, translations to English especially: allow twice the source and some room.
        var options = new GenerationOptions
        {
            MaxTokens = Math.Max(settings.MaxTokens, generator.CountTokens(text) * 2 + 32),
            Temperature = (float)settings.Temperature,
            SpeculativeDecoding = settings.SpeculativeDecoding,
        };
        var request = new GenerationRequest(prompt, options) { Priority = RequestPriority.UserAction };
        var result = new StringBuilder();
        await foreach (var chunk in generator.GenerateAsync(request, cancellationToken))
        {
            if (chunk.Text.Length == 0)
            {
                continue;
            }

            result.Append(chunk.Text);
            onProgress?.Invoke(result.ToString());
        }

        return result.ToString().Trim();
    }
}
