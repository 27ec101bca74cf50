using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Generation;

/// <summary>One running request per document, the newest version winning whatever order the requests got here in.</summary>
public sealed class SupersedeRegistryTests
{
    [Fact]
    public void A_request_for_the_same_or_a_newer_version_cancels_the_running_one()
    {
        var registry = new SupersedeRegistry();
        using var first = registry.Begin("doc", 4);
        using var sameVersion = registry.Begin("doc", 4);
        Assert.True(first.Superseded.IsCancellationRequested);

        using var newer = registry.Begin("doc", 5);

        Assert.True(sameVersion.Superseded.IsCancellationRequested);
        Assert.False(newer.Superseded.IsCancellationRequested);
    }

    [Fact]
    public void A_request_for_an_older_version_starts_superseded_and_leaves_the_newer_one_running()
    {
        var registry = new SupersedeRegistry();
        using var newer = registry.Begin("doc", 5);

        using var older = registry.Begin("doc", 4);

        Assert.True(older.Superseded.IsCancellationRequested);
        Assert.False(newer.Superseded.IsCancellationRequested);
        // The older one ending does not unregister the newer one: an edit still reaches it.
        older.Dispose();
        registry.Cancel("doc");
        Assert.True(newer.Superseded.IsCancellationRequested);
    }

    [Fact]
    public void Other_keys_are_left_alone()
    {
        var registry = new SupersedeRegistry();
        using var a = registry.Begin("a", 9);

        using var b = registry.Begin("b", 1);

        Assert.False(a.Superseded.IsCancellationRequested);
        Assert.False(b.Superseded.IsCancellationRequested);
    }
}
