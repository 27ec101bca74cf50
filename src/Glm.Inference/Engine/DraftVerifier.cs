using LLama.Native;

namespace Glm.Inference.Engine;

/// <summary>
/// Greedy acceptance of a draft: after one decode call over the last emitted token and its draft, with logits at every
/// position, the draft is kept up to its first token that differs from the model's argmax, and the argmax there is the
/// model's own next token. The result is the greedy output, whatever the draft was.
/// </summary>
internal static class DraftVerifier
{
    /// <summary>How many leading draft tokens the model agrees with, and its own token after them.</summary>
    /// <param name="context">Context whose last decode call put the logits of batch position i at index i.</param>
    /// <param name="draft">The drafted tokens, batch positions 1.. (position 0 is the emitted token they follow).</param>
    public static (int Accepted, int Next) Check(SafeLLamaContextHandle context, ReadOnlySpan<int> draft)
    {
        for (var i = 0; i < draft.Length; i++)
        {
            var choice = TokenSampler.Argmax(context.GetLogitsIth(i));
            if (choice != draft[i])
            {
                return (i, choice);
            }
        }

        return (draft.Length, TokenSampler.Argmax(context.GetLogitsIth(draft.Length)));
    }
}
