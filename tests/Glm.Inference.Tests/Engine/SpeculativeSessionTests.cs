using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

/// <summary>How one request's drafting state asks its drafter and trims what it drafts.</summary>
public class SpeculativeSessionTests
{
    private const int Room = 100;

    [Fact]
    public void While_drafting_pauses_the_drafter_is_not_asked()
    {
        // A lookup scans the whole text so far, so a paused step must not pay for one it would throw away.
        var drafter = new CountingDrafter(guesses: 3);
        var session = new SpeculativeSession(drafter);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(3, session.Draft(Room, Room).Length);
            session.Record(3, 0);
        }

        Assert.Equal(2, drafter.Calls);

        for (var i = 0; i < DraftLengthPolicy.FirstPause; i++)
        {
            Assert.True(session.Draft(Room, Room).IsEmpty);
        }

        Assert.Equal(2, drafter.Calls);
        Assert.Equal(3, session.Draft(Room, Room).Length);
        Assert.Equal(3, drafter.Calls);
    }

    [Fact]
    public void Fewer_guesses_than_the_length_asked_for_are_trimmed_to_the_best_shorter_length()
    {
        // The first draft is 3 long (a batch of 4); with only 2 guesses a batch of 3 costs more than it is expected to
        // save, so nothing is drafted.
        var session = new SpeculativeSession(new CountingDrafter(guesses: 2));

        Assert.True(session.Draft(Room, Room).IsEmpty);
    }

    [Fact]
    public void The_counts_add_up_over_the_verification_steps()
    {
        var session = new SpeculativeSession(new CountingDrafter(guesses: 3));
        session.Record(3, 3);
        session.Record(3, 1);

        Assert.Equal(6, session.DraftedTokens);
        Assert.Equal(4, session.AcceptedTokens);
        Assert.Equal(2, session.VerifySteps);
    }

    /// <summary>Guesses up to a fixed number of tokens (1, 2, 3, …) and counts how often it is asked.</summary>
    private sealed class CountingDrafter(int guesses) : ITokenDrafter
    {
        public int Calls { get; private set; }

        public void Append(int token)
        {
        }

        public int Draft(Span<int> destination)
        {
            Calls++;
            var count = Math.Min(guesses, destination.Length);
            for (var i = 0; i < count; i++)
            {
                destination[i] = i + 1;
            }

            return count;
        }
    }
}
