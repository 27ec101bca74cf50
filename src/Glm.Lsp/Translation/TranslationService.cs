using Glm.Inference.Generation;
using Glm.Lsp.Rewrite;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Translation;

/// <summary>Translates comment text through the cache shared by hovers and code actions.</summary>
public sealed class TranslationService
{
    private readonly TranslationCache cache = new();

    public Task<string> TranslateAsync(ITextGenerator generator, GlmSettings settings, string text, RewriteStyle target) =>
        cache.GetOrStart(generator.Model.Name, target.Id, text,
            () => TextTransformer.TransformAsync(generator, settings, target.Instruction, text, null, CancellationToken.None));
}
