using Glm.Lsp.Translation;

namespace Glm.Lsp.Tests.Translation;

/// <summary>What the translation cache keeps: one translation per model, target and text, a bounded number of finished
/// ones (least recently asked for leaving first), every running one, and no failed one.</summary>
public sealed class TranslationCacheTests
{
    private readonly Dictionary<string, int> calls = [];

    [Fact]
    public async Task The_same_text_asked_twice_is_translated_once()
    {
        var cache = new TranslationCache();

        var first = await cache.GetOrStart("m", "en", "注释", Translate("注释"));
        var second = await cache.GetOrStart("m", "en", "注释", Translate("注释"));

        Assert.Equal("en:注释", first);
        Assert.Equal("en:注释", second);
        Assert.Equal(1, calls["注释"]);
    }

    [Fact]
    public async Task Another_model_or_target_is_another_translation()
    {
        var cache = new TranslationCache();

        await cache.GetOrStart("m", "en", "a", Translate("a"));
        await cache.GetOrStart("other", "en", "a", Translate("a"));
        await cache.GetOrStart("m", "zh", "a", Translate("a"));

        Assert.Equal(3, calls["a"]);
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public async Task Past_its_capacity_the_least_recently_asked_finished_translation_leaves()
    {
        var cache = new TranslationCache(capacity: 2);
        await cache.GetOrStart("m", "en", "a", Translate("a"));
        await cache.GetOrStart("m", "en", "b", Translate("b"));
        await cache.GetOrStart("m", "en", "a", Translate("a"));

        await cache.GetOrStart("m", "en", "c", Translate("c"));
        Assert.Equal(2, cache.Count);
        await cache.GetOrStart("m", "en", "a", Translate("a"));
        await cache.GetOrStart("m", "en", "b", Translate("b"));

        // "a" was asked for after "b", so "b" left when "c" came and is translated again; "a" never was.
        Assert.Equal(1, calls["a"]);
        Assert.Equal(2, calls["b"]);
        Assert.Equal(1, calls["c"]);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task A_running_translation_is_kept_past_the_capacity_so_the_next_hover_joins_it()
    {
        var cache = new TranslationCache(capacity: 1);
        var running = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var startedRunning = 0;
        var first = cache.GetOrStart("m", "en", "slow", () => { startedRunning++; return running.Task; });

        await cache.GetOrStart("m", "en", "b", Translate("b"));
        await cache.GetOrStart("m", "en", "c", Translate("c"));
        var joined = cache.GetOrStart("m", "en", "slow", () => { startedRunning++; return running.Task; });
        running.SetResult("done");

        Assert.Equal("done", await first);
        Assert.Equal("done", await joined);
        Assert.Equal(1, startedRunning);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task A_failed_translation_is_forgotten_and_the_next_request_tries_again()
    {
        var cache = new TranslationCache();
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => cache.GetOrStart("m", "en", "a", () => throw new InvalidOperationException("model gone")));
        Assert.Equal("model gone", failure.Message);

        Assert.True(SpinWait.SpinUntil(() => cache.Count == 0, TimeSpan.FromSeconds(30)), "the failed translation stayed cached");
        Assert.Equal("en:a", await cache.GetOrStart("m", "en", "a", Translate("a")));
    }

    [Fact]
    public void A_capacity_below_one_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TranslationCache(0));
        Assert.Equal("capacity", error.ParamName);
    }

    private Func<Task<string>> Translate(string text) => () =>
    {
        lock (calls)
        {
            calls[text] = calls.GetValueOrDefault(text) + 1;
        }

        return Task.FromResult("en:" + text);
    };
}
