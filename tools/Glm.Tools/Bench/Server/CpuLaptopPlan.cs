namespace Glm.Tools.Bench.Server;

/// <summary>How much the CPU laptop section measures, and the editing session it replays.</summary>
/// <param name="Actions">Actions of the typing session (from <see cref="TypingScript"/>).</param>
/// <param name="OpenWait">How long the document stays open before its first suggestion in the second scenario.</param>
/// <param name="QuietWindow">How long the server must stay quiet before the open wait ends early.</param>
internal sealed record CpuLaptopPlan(int Actions, TimeSpan OpenWait, TimeSpan QuietWindow)
{
    /// <summary>Characters a move within a paragraph goes back: a couple of words.</summary>
    public const int MoveWithinParagraph = 16;

    /// <summary>The open wait of the issue: a user reading the document for a minute before writing.</summary>
    public static TimeSpan DefaultOpenWait { get; } = TimeSpan.FromSeconds(60);

    public static CpuLaptopPlan For(BenchContext context)
    {
        var openWait = context.OpenWait ?? DefaultOpenWait;
        return context.Smoke
            ? new CpuLaptopPlan(4, Min(openWait, TimeSpan.FromSeconds(2)), TimeSpan.FromSeconds(1))
            : context.Quick
            ? new CpuLaptopPlan(12, openWait, TimeSpan.FromSeconds(5))
            : new CpuLaptopPlan(48, openWait, TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// The typing session's script, starting where the first suggestion was asked for (the end of the document, where
    /// a writer continues), with a move within the current paragraph after every fourth action.
    /// </summary>
    public static IReadOnlyList<TypingAction> Script(int actions, int paragraphs)
    {
        var typing = TypingScript.Create(actions, paragraphs);
        var script = new List<TypingAction> { new("move", Count: paragraphs - 1) };
        for (var i = 1; i < typing.Count; i++)
        {
            script.Add(typing[i]);
            if (i % 4 == 3)
            {
                script.Add(new TypingAction("left", Count: MoveWithinParagraph));
            }
        }

        return script;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
