namespace Glm.Inference.Engine;

/// <summary>
/// How many drafted tokens one verification step checks, chosen within a request from the acceptance seen so far and
/// the cost of a decode call by batch size: the length that gives the most expected tokens per unit of decode time, so
/// batch sizes the kernels make expensive are never drafted. When no length is expected to beat a plain step (drafts
/// keep being rejected early), drafting pauses for a while and then tries a short draft afresh; if that one is rejected
/// at its first token, the next pause is twice as long.
/// </summary>
internal sealed class DraftLengthPolicy
{
    /// <summary>
    /// The cost of one decode call over 1, 2, … 16 tokens with logits at every position, in single-token decode calls,
    /// on llama.cpp's CPU backend (the bench's "Speculative decoding" section measures it): the matrix kernels change
    /// with the batch size, so the curve is far from smooth and a longer batch can cost less than a shorter one.
    /// </summary>
    public static readonly IReadOnlyList<double> CpuVerifyCost =
        [1.00, 1.99, 2.95, 1.64, 2.63, 3.64, 4.63, 3.32, 4.19, 5.17, 7.76, 5.42, 6.47, 7.26, 7.76, 5.57];

    /// <summary>The longest draft: a verification batch holds it and the emitted token it follows.</summary>
    public static int LongestDraft => CpuVerifyCost.Count - 1;

    /// <summary>Plain steps of the first pause; each further pause without a full acceptance in between doubles it.</summary>
    public const int FirstPause = 16;

    private const int LongestPause = 256;

    /// <summary>
    /// The estimate before any evidence (a per-token acceptance of 0.75, worth two observations): enough to try a short
    /// draft, too little to risk a long one until drafts are seen to be right.
    /// </summary>
    private const double PriorAccepted = 1.5;

    private const double PriorRejected = 0.5;

    /// <summary>Weight each verification step's evidence keeps per later step, so the estimate follows the recent text.</summary>
    private const double Memory = 0.8;

    private readonly IReadOnlyList<double> verifyCost;
    private double acceptedWeight = PriorAccepted;
    private double rejectedWeight = PriorRejected;
    private int pauseLeft;
    private int nextPause = FirstPause;
    private bool pausedSinceLastAcceptance;

    /// <param name="verifyCost">Cost of a decode call by batch size (index 0: one token, 1.0); the CPU curve by default.</param>
    public DraftLengthPolicy(IReadOnlyList<double>? verifyCost = null)
    {
        this.verifyCost = verifyCost ?? CpuVerifyCost;
        if (this.verifyCost.Count < 2)
        {
            throw new ArgumentException("The verify cost curve needs at least batch sizes 1 and 2.", nameof(verifyCost));
        }
    }

    /// <summary>
    /// The estimated chance that a drafted token is accepted, given the one before it was: accepted tokens against
    /// rejections, recent steps weighing more (a fully accepted draft counts its tokens and no rejection).
    /// </summary>
    public double AcceptanceRate => acceptedWeight / (acceptedWeight + rejectedWeight);

    /// <summary>
    /// The draft length for the next step, at most <paramref name="room"/>; 0 while drafting pauses (each call is one
    /// step of the pause), which it starts when no length pays whatever the room.
    /// </summary>
    /// <param name="room">The most tokens the draft may have (the slot's free positions).</param>
    /// <param name="wanted">Tokens still wanted after the model's own next one: drafted tokens past them are worth
    /// nothing, but a batch that holds a few of them can still cost less than a shorter one.</param>
    public int NextLength(int room, int wanted)
    {
        if (pauseLeft == 0 && Fit(verifyCost.Count - 1, verifyCost.Count - 1) == 0)
        {
            Pause();
        }

        if (pauseLeft > 0)
        {
            pauseLeft--;
            return 0;
        }

        return Fit(room, wanted);
    }

    /// <summary>
    /// The length up to <paramref name="available"/> with the most expected wanted tokens per unit of decode time, or 0
    /// when none is expected to beat a plain step (one token per unit).
    /// </summary>
    public int Fit(int available, int wanted)
    {
        var p = AcceptanceRate;
        var expected = 1.0;
        var chance = 1.0;
        var best = 0;
        var bestRate = 1.0;
        for (var length = 1; length <= Math.Min(available, verifyCost.Count - 1); length++)
        {
            // The model's own token always comes; draft token i only when all before it were accepted.
            chance *= p;
            expected += length <= wanted ? chance : 0;
            var rate = expected / verifyCost[length];
            if (rate > bestRate)
            {
                best = length;
                bestRate = rate;
            }
        }

        return best;
    }

    /// <summary>Adapts to how many of <paramref name="drafted"/> tokens the model accepted.</summary>
    public void Record(int drafted, int accepted)
    {
        acceptedWeight = (acceptedWeight * Memory) + accepted;
        rejectedWeight = (rejectedWeight * Memory) + (accepted < drafted ? 1 : 0);
        if (accepted == drafted)
        {
            nextPause = FirstPause;
            pausedSinceLastAcceptance = false;
        }
        else if (accepted > 0)
        {
            pausedSinceLastAcceptance = false;
        }
        else if (pausedSinceLastAcceptance)
        {
            // The probe after a pause was wrong at once: text that was not copied before the pause rarely is after it.
            Pause();
        }
    }

    private void Pause()
    {
        pauseLeft = nextPause;
        nextPause = Math.Min(nextPause * 2, LongestPause);
        pausedSinceLastAcceptance = true;
        // The text after a pause is judged afresh: the first draft after it is a short probe.
        acceptedWeight = PriorAccepted;
        rejectedWeight = PriorRejected;
    }
}
