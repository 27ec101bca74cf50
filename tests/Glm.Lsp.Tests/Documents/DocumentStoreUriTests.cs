using Glm.Lsp.Documents;

namespace Glm.Lsp.Tests.Documents;

/// <summary>Which URIs the document store opens: absolute ones only, so a client cannot fill it with unnameable documents.</summary>
public sealed class DocumentStoreUriTests
{
    [Theory]
    [InlineData("file:///home/a/notes.md")]
    [InlineData("untitled:Untitled-1")]
    [InlineData("vscode-notebook-cell:/a.ipynb#W0sZmlsZQ%3D%3D")]
    [InlineData("c:/Users/a/notes.md")]
    public void A_document_with_a_scheme_is_opened(string uri)
    {
        var store = new DocumentStore();

        store.Open(uri, "markdown", 1, "text");

        Assert.Equal("text", store.TryGet(uri)?.Text);
    }

    [Theory]
    [InlineData("notes.md", "notes.md")]
    [InlineData("", "")]
    [InlineData(":no-scheme", ":no-scheme")]
    [InlineData("1file:///a.md", "1file:///a.md")]
    [InlineData("fi le:///a.md", "fi le:///a.md")]
    [InlineData("f le:///a.md", "f le:///a.md")]
    public void A_document_without_a_scheme_is_refused_and_not_stored(string uri, string shown)
    {
        var store = new DocumentStore();

        var error = Assert.Throws<InvalidInputException>(() => store.Open(uri, "markdown", 1, "text"));

        Assert.Equal($"A document can only be opened with an absolute URI such as file:///notes.md; got \"{shown}\".", error.Message);
        Assert.Null(store.TryGet(uri));
    }

    [Fact]
    public void A_long_refused_uri_is_shortened_in_the_message()
    {
        var uri = new string('y', 200_000);

        var error = Assert.Throws<InvalidInputException>(() => new DocumentStore().Open(uri, "markdown", 1, "text"));

        Assert.Equal($"A document can only be opened with an absolute URI such as file:///notes.md; got \"{new string('y', 80)}…\".", error.Message);
    }

    [Fact]
    public void A_refused_uri_of_exactly_80_characters_is_shown_whole()
    {
        var uri = new string('y', 80);

        var error = Assert.Throws<InvalidInputException>(() => new DocumentStore().Open(uri, "markdown", 1, "text"));

        Assert.Equal($"A document can only be opened with an absolute URI such as file:///notes.md; got \"{uri}\".", error.Message);
    }
}
