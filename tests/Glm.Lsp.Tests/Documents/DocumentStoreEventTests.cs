using Glm.Lsp.Documents;

namespace Glm.Lsp.Tests.Documents;

/// <summary>What the store tells its listeners (the background prefill, per-document caches) and what it refuses.</summary>
public sealed class DocumentStoreEventTests
{
    [Fact]
    public void Open_change_and_close_are_each_announced_with_the_new_state()
    {
        var store = new DocumentStore();
        var changed = new List<(int Version, string Text)>();
        var closed = new List<string>();
        store.Changed += snapshot => changed.Add((snapshot.Version, snapshot.Text));
        store.Closed += closed.Add;

        store.Open("file:///a.md", "markdown", 1, "one");
        store.Change("file:///a.md", 2, [new TextChange("two")]);
        store.Close("file:///a.md");

        Assert.Equal([(1, "one"), (2, "two")], changed);
        Assert.Equal(["file:///a.md"], closed);
        Assert.Null(store.TryGet("file:///a.md"));
    }

    [Fact]
    public void A_change_of_a_document_that_is_not_open_is_refused_naming_it()
    {
        var store = new DocumentStore();

        var error = Assert.Throws<InvalidInputException>(() => store.Change("file:///never.md", 2, [new TextChange("x")]));

        Assert.Equal("A change of a document that is not open: file:///never.md", error.Message);
    }

    [Fact]
    public void A_change_range_that_ends_before_it_starts_is_refused_with_both_ends()
    {
        var snapshot = new TextDocumentSnapshot("file:///a.md", "markdown", 1, "abc\ndef");
        var backwards = new LineRange(new LinePosition(1, 2), new LinePosition(0, 1));

        var error = Assert.Throws<InvalidInputException>(() => snapshot.WithChanges(2, [new TextChange("x", backwards)]));

        Assert.Equal("The change range ends before it starts: 1:2 to 0:1.", error.Message);
    }

    [Theory]
    [InlineData(-1, 0, "line")]
    [InlineData(0, -1, "character")]
    public void A_negative_line_or_column_is_refused(int line, int character, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LinePosition(line, character));

        Assert.Equal(parameter, error.ParamName);
    }
}
