using Glm.Inference.Generation;

namespace Glm.Inference.Remote;

/// <summary>
/// Cuts a prompt to a token budget before it is sent, as the local engine does, so a long document never turns into a
/// "context length exceeded" error: the oldest text goes first, a fill-in-the-middle suffix keeps at most a quarter of the
/// budget, and a conversation loses its oldest turns (never the system message).
/// </summary>
internal static class RemotePromptBudget
{
    private const double SuffixShare = 0.25;

    /// <summary>Tokens allowed for chat message framing (role markers) per message.</summary>
    private const int TokensPerMessage = 4;

    public static (Prompt Prompt, bool Truncated) Fit(Prompt prompt, Func<string, int> count, int budget)
    {
        budget = Math.Max(budget, 1);
        switch (prompt)
        {
            case RawPrompt raw when count(raw.Text) > budget:
                return (raw with { Text = KeepEnd(raw.Text, count, budget) }, true);
            case FillInTheMiddlePrompt fim when count(fim.Prefix) + count(fim.Suffix) > budget:
                var suffix = KeepStart(fim.Suffix, count, (int)(budget * SuffixShare));
                var prefix = KeepEnd(fim.Prefix, count, Math.Max(budget - count(suffix), 1));
                return (fim with { Prefix = prefix, Suffix = suffix }, true);
            case ChatPrompt chat:
                return FitChat(chat, count, budget);
            default:
                return (prompt, false);
        }
    }

    private static (Prompt Prompt, bool Truncated) FitChat(ChatPrompt chat, Func<string, int> count, int budget)
    {
        var messages = chat.Messages.ToList();
        int Total() => messages.Sum(message => count(message.Content) + TokensPerMessage);
        if (Total() <= budget)
        {
            return (chat, false);
        }

        while (Total() > budget && messages.Count(message => message.Role != ChatRole.System) > 1)
        {
            messages.RemoveAt(messages.FindIndex(message => message.Role != ChatRole.System));
        }

        if (Total() > budget)
        {
            var last = messages[^1];
            var room = Math.Max(budget - (Total() - count(last.Content)), 1);
            messages[^1] = last with { Content = KeepEnd(last.Content, count, room) };
        }

        return (new ChatPrompt(messages), true);
    }

    /// <summary>The longest end of <paramref name="text"/> within <paramref name="limit"/> tokens.</summary>
    private static string KeepEnd(string text, Func<string, int> count, int limit)
    {
        if (count(text) <= limit)
        {
            return text;
        }

        // Binary search on the start index: fewer characters never need more tokens.
        int low = 0, high = text.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (count(text[SafeIndex(text, middle)..]) <= limit)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return text[SafeIndex(text, low)..];
    }

    /// <summary>The longest start of <paramref name="text"/> within <paramref name="limit"/> tokens.</summary>
    private static string KeepStart(string text, Func<string, int> count, int limit)
    {
        if (count(text) <= limit)
        {
            return text;
        }

        int low = 0, high = text.Length;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (count(text[..SafeIndex(text, middle)]) <= limit)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return text[..SafeIndex(text, low)];
    }

    /// <summary>Moves an index off the second half of a surrogate pair, so no cut splits a character.</summary>
    private static int SafeIndex(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index + 1 : index;
}
