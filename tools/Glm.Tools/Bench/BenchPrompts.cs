using System.Text;

namespace Glm.Tools.Bench;

/// <summary>
/// Prompt texts for the speed sections. Each round gets a text that starts differently, so the engine shares no
/// prefix with an earlier round and evaluates every prompt token, as the bare loop does.
/// </summary>
internal static class BenchPrompts
{
    private static readonly string[] Words =
    [
        "the", "river", "carries", "light", "across", "old", "stones", "while", "editors", "wait", "for", "a", "quiet",
        "answer", "that", "arrives", "before", "the", "next", "keystroke", "模型", "在", "本地", "运行", "and", "every",
    ];

    /// <summary>The shortest text for <paramref name="round"/> whose tokens (by <paramref name="tokenize"/>) number at
    /// least <paramref name="minimumTokens"/>.</summary>
    public static string ForRound(int round, int minimumTokens, Func<string, int[]> tokenize)
    {
        // The first character differs between neighbouring rounds, so no prompt shares even its first token with the
        // prompts the engine's slots still hold.
        var text = new StringBuilder($"{(char)('A' + (round % 26))}{(char)('z' - (round % 26))}: round {round} of the benchmark:");
        var word = round * 7;
        while (tokenize(text.ToString()).Length < minimumTokens)
        {
            // Several words between tokenizations keep this linear enough for prompts of a few thousand tokens.
            for (var i = 0; i < 8; i++)
            {
                text.Append(' ').Append(Words[word++ % Words.Length]);
            }
        }

        return text.ToString();
    }
}
