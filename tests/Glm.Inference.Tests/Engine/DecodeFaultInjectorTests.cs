using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

public class DecodeFaultInjectorTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_failing_call_that_is_not_positive_is_refused_by_name(int failingCall)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new DecodeFaultInjector(failingCall));

        Assert.Equal("failingCall", exception.ParamName);
    }

    [Fact]
    public void Only_the_chosen_call_fails()
    {
        var injector = new DecodeFaultInjector(2);

        Assert.Equal([false, true, false], [injector.FailsDecodeCall(), injector.FailsDecodeCall(), injector.FailsDecodeCall()]);
    }

    [Fact]
    public void The_members_it_leaves_out_keep_the_engines_normal_behaviour()
    {
        // The injector overrides only FailsDecodeCall: the abort callback must still stop a cancelled job's decode call.
        IEngineTestHooks hooks = new DecodeFaultInjector(1);

        Assert.True(hooks.AbortPolled(new CancellationToken(canceled: true)));
        Assert.Null(hooks.FixedSpeeds);
    }
}
