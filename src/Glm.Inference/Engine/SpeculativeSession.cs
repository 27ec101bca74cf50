namespace Glm.Inference.Engine;

/// <summary>The drafting state of one greedy request: its drafter, the adaptive draft length and the counts it reports.</summary>
internal sealed class SpeculativeSession(ITokenDrafter drafter)
{
    private readonly DraftLengthPolicy policy = new();
    private readonly int[] buffer = new int[DraftLengthPolicy.LongestDraft];

    /// <summary>Tokens sent to verification as guesses.</summary>
    public int DraftedTokens { get; private set; }

    /// <summary>Guessed tokens the model agreed with (each one a decode step saved).</summary>
    public int AcceptedTokens { get; private set; }

    /// <summary>Decode calls that verified a draft.</summary>
    public int VerifySteps { get; private set; }

    public void Append(int token) => drafter.Append(token);

    /// <summary>
    /// A draft for the next step, at most <paramref name="room"/> tokens: the policy's length, or the best shorter one
    /// when the drafter has fewer guesses; empty when drafting pauses or no length pays.
    /// </summary>
    /// <param name="wanted">Tokens the request still wants after the model's own next one (see <see cref="DraftLengthPolicy.NextLength"/>).</param>
    public ReadOnlySpan<int> Draft(int room, int wanted)
    {
        var length = policy.NextLength(room, wanted);
        if (length == 0)
        {
            return [];
        }

        var count = drafter.Draft(buffer.AsSpan(0, length));
        return buffer.AsSpan(0, count < length ? policy.Fit(count, wanted) : length);
    }

    public void Record(int drafted, int accepted)
    {
        DraftedTokens += drafted;
        AcceptedTokens += accepted;
        VerifySteps++;
        policy.Record(drafted, accepted);
    }
}
