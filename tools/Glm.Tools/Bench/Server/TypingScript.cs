namespace Glm.Tools.Bench.Server;

/// <summary>One user action of the scripted session.</summary>
/// <param name="Kind">"type" (a word and a space, one keystroke per character), "delete" (backspaces), "move" (the
/// cursor to the end of another paragraph), "left" (the cursor a few characters back within its paragraph), "accept"
/// (insert the last suggestion) or "typeThrough" (type the first characters of the last suggestion).</param>
/// <param name="Text">The word for "type"; empty otherwise.</param>
/// <param name="Count">Backspaces for "delete", paragraph index for "move", characters for "left" and "typeThrough".</param>
public sealed record TypingAction(string Kind, string Text = "", int Count = 0);

/// <summary>
/// The scripted editing session: mostly typing words at the end of a paragraph, with deletions, moves between
/// paragraphs, accepted suggestions and typing through a suggestion mixed in at fixed intervals. Deterministic for a seed.
/// </summary>
public static class TypingScript
{
    public static IReadOnlyList<TypingAction> Create(int actions, int paragraphs, int seed = 11)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(paragraphs);
        var random = new Random(seed);
        var script = new List<TypingAction> { new("move", Count: paragraphs / 2) };
        for (var i = 1; i < actions; i++)
        {
            script.Add((i % 12) switch
            {
                4 => new TypingAction("delete", Count: random.Next(2, 6)),
                6 => new TypingAction("accept"),
                8 => new TypingAction("typeThrough", Count: 3),
                10 => new TypingAction("move", Count: random.Next(paragraphs)),
                _ => new TypingAction("type", BenchDocument.Words[random.Next(BenchDocument.Words.Count)]),
            });
        }

        return script;
    }
}
