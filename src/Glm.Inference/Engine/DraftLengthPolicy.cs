namespace Glm.Inference.Engine;

/// <summary>
/// How many drafted tokens one verification step checks, adapted within a request: longer after a fully accepted draft,
/// shorter after a rejection, and no drafting at all for a while after repeated drafts were rejected outright.
/// </summary>
internal sealed class DraftLengthPolicy
{
    /// <summary>
    /// Draft lengths tried, so that a verification batch (the emitted token plus its draft) holds 4, 8 or 16 tokens: on
    /// the CPU backend a 4-token batch costs less than a 2-token one, so lengths between the rungs waste the step.
    /// </summary>
    public static readonly int[] Ladder = [3, 7, 15];

    /// <summary>
    /// Drafts rejected at their first token in a row before drafting pauses. After a pause one such draft is enough to
    /// pause again: text that was not copied before the pause rarely is after it.
    /// </summary>
    public const int MissesBeforePause = 2;

    /// <summary>Plain steps of the first pause; each further pause without a full acceptance in between doubles it.</summary>
    public const int FirstPause = 16;

    private const int LongestPause = 256;

    private int rung;
    private int missesInARow;
    private int pauseLeft;
    private int nextPause = FirstPause;
    private bool pausedSinceLastAcceptance;

    /// <summary>The draft length for the next step, or 0 while drafting pauses (each call is one step of the pause).</summary>
    public int NextLength()
    {
        if (pauseLeft > 0)
        {
            pauseLeft--;
            return 0;
        }

        return Ladder[rung];
    }

    /// <summary>The longest ladder length not above <paramref name="available"/>, or 0 when even the shortest does not fit.</summary>
    public static int Fit(int available)
    {
        for (var i = Ladder.Length - 1; i >= 0; i--)
        {
            if (Ladder[i] <= available)
            {
                return Ladder[i];
            }
        }

        return 0;
    }

    /// <summary>Adapts to how many of <paramref name="drafted"/> tokens the model accepted.</summary>
    public void Record(int drafted, int accepted)
    {
        if (accepted == drafted)
        {
            rung = Math.Min(rung + 1, Ladder.Length - 1);
            missesInARow = 0;
            nextPause = FirstPause;
            pausedSinceLastAcceptance = false;
        }
        else if (accepted == 0)
        {
            rung = 0;
            if (++missesInARow >= (pausedSinceLastAcceptance ? 1 : MissesBeforePause))
            {
                missesInARow = 0;
                pauseLeft = nextPause;
                nextPause = Math.Min(nextPause * 2, LongestPause);
                pausedSinceLastAcceptance = true;
            }
        }
        else
        {
            rung = Math.Max(rung - 1, 0);
            missesInARow = 0;
            pausedSinceLastAcceptance = false;
        }
    }
}
