using Glm.Lsp.Completion;

namespace Glm.Lsp.Tests.Completion;

public sealed class TypingThroughCacheTests
{
    private const string Md = "file:///notes/a.md";

    [Fact]
    public void Typing_the_first_letters_of_the_suggestion_serves_the_rest()
    {
        var cache = new TypingThroughCache();
        cache.Remember(Md, "The quick ", "", "brown fox");

        Assert.Equal("own fox", cache.Remainder(Md, "The quick br", ""));
    }

    [Fact]
    public void Nothing_typed_since_the_suggestion_serves_nothing()
    {
        // The same place again is a new request (for example invoked), not typing through.
        var cache = new TypingThroughCache();
        cache.Remember(Md, "The quick ", "", "brown fox");

        Assert.Null(cache.Remainder(Md, "The quick ", ""));
    }

    [Fact]
    public void A_suggestion_typed_to_its_end_serves_nothing()
    {
        var cache = new TypingThroughCache();
        cache.Remember(Md, "The quick ", "", "brown fox");

        Assert.Null(cache.Remainder(Md, "The quick brown fox", ""));
        Assert.Equal("x", cache.Remainder(Md, "The quick brown fo", ""));
    }

    [Fact]
    public void An_empty_suggestion_does_not_replace_the_remembered_one()
    {
        var cache = new TypingThroughCache();
        cache.Remember(Md, "The quick ", "", "brown fox");
        cache.Remember(Md, "The quick ", "", "");

        Assert.Equal("own fox", cache.Remainder(Md, "The quick br", ""));
    }

    [Fact]
    public void Typing_something_else_or_changing_the_text_after_serves_nothing()
    {
        var cache = new TypingThroughCache();
        cache.Remember(Md, "The quick ", " jumps", "brown fox");

        Assert.Null(cache.Remainder(Md, "The quick bl", " jumps"));
        Assert.Null(cache.Remainder(Md, "The quick br", " leaps"));
        Assert.Null(cache.Remainder(Md, "An quick br", " jumps"));
        Assert.Null(cache.Remainder("file:///notes/b.md", "The quick br", " jumps"));
    }

    [Fact]
    public void A_forgotten_document_serves_nothing()
    {
        var cache = new TypingThroughCache();
        cache.Remember(Md, "The quick ", "", "brown fox");
        cache.Forget(Md);

        Assert.Null(cache.Remainder(Md, "The quick br", ""));
    }
}
