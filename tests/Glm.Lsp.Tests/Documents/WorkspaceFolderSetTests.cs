using Glm.Lsp.Documents;

namespace Glm.Lsp.Tests.Documents;

public sealed class WorkspaceFolderSetTests
{
    [Fact]
    public void A_file_in_nested_folders_is_named_relative_to_the_innermost_one()
    {
        var folders = new WorkspaceFolderSet();
        folders.Replace(["file:///home/u/repo", "file:///home/u/repo/docs/site"]);

        Assert.Equal("guide/intro.md", folders.RelativePathOf("file:///home/u/repo/docs/site/guide/intro.md"));
        Assert.Equal("docs/readme.md", folders.RelativePathOf("file:///home/u/repo/docs/readme.md"));
        Assert.Equal("file:///home/u/repo/docs/site", folders.FolderOf("file:///home/u/repo/docs/site/guide/intro.md"));
        Assert.Equal("file:///home/u/repo", folders.FolderOf("file:///home/u/repo/docs/readme.md"));
    }

    [Fact]
    public void A_file_outside_every_folder_is_named_by_its_file_name()
    {
        var folders = new WorkspaceFolderSet();
        folders.Replace(["file:///home/u/repo"]);

        Assert.Equal("main.py", folders.RelativePathOf("file:///tmp/scratch/main.py"));
        Assert.Null(folders.FolderOf("file:///tmp/scratch/main.py"));
    }

    [Fact]
    public void A_folder_whose_name_starts_another_folder_name_does_not_contain_it()
    {
        var folders = new WorkspaceFolderSet();
        folders.Replace(["file:///home/u/repo"]);

        Assert.Equal("a.py", folders.RelativePathOf("file:///home/u/repo2/src/a.py"));
    }

    [Fact]
    public void The_folder_itself_is_not_a_file_in_it()
    {
        var folders = new WorkspaceFolderSet();
        folders.Replace(["file:///home/u/repo/"]);

        Assert.Equal("repo", folders.RelativePathOf("file:///home/u/repo"));
        Assert.Equal("a.py", folders.RelativePathOf("file:///home/u/repo/a.py"));
    }

    [Fact]
    public void Percent_encoded_uris_give_decoded_paths_and_match_their_unencoded_spelling()
    {
        var folders = new WorkspaceFolderSet();
        folders.Replace(["file:///home/u/my%20project", "file:///c%3A/Users/Me/repo"]);

        Assert.Equal("src/a+b/naïve.py", folders.RelativePathOf("file:///home/u/my%20project/src/a%2Bb/na%C3%AFve.py"));
        Assert.Equal("src/x.py", folders.RelativePathOf("file:///home/u/my project/src/x.py"));

        // VS Code writes Windows drives as "c%3A", other clients as "C:": the same folder.
        Assert.Equal("lib/util.py", folders.RelativePathOf("file:///C:/Users/Me/repo/lib/util.py"));
        Assert.Equal("other.py", folders.RelativePathOf("file:///C:/Users/me/repo/other.py"));
    }

    [Fact]
    public void A_removed_folder_no_longer_names_its_files()
    {
        var folders = new WorkspaceFolderSet();
        folders.Replace(["file:///home/u/repo", "file:///home/u/repo/docs"]);

        folders.Change(added: [], removed: ["file:///home/u/repo/docs/"]);
        Assert.Equal("docs/intro.md", folders.RelativePathOf("file:///home/u/repo/docs/intro.md"));

        folders.Change(added: ["file:///home/u/notes"], removed: ["file:///home/u/repo"]);
        Assert.Equal("intro.md", folders.RelativePathOf("file:///home/u/repo/docs/intro.md"));
        Assert.Equal("week/monday.md", folders.RelativePathOf("file:///home/u/notes/week/monday.md"));
        Assert.Equal(["file:///home/u/notes"], folders.Folders);
    }

    [Fact]
    public void A_folder_added_twice_is_held_once_and_removed_at_once()
    {
        var folders = new WorkspaceFolderSet();
        folders.Change(added: ["file:///home/u/repo", "file:///home/u/repo/"], removed: []);
        Assert.Equal(["file:///home/u/repo"], folders.Folders);

        folders.Change(added: [], removed: ["file:///home/u/repo"]);
        Assert.Empty(folders.Folders);
    }

    [Fact]
    public void A_document_without_a_file_path_has_no_path_unless_a_folder_of_its_scheme_holds_it()
    {
        var folders = new WorkspaceFolderSet();
        folders.Replace(["vscode-remote://ssh-remote+box/srv/app", "not a uri"]);

        Assert.Null(folders.RelativePathOf("untitled:Untitled-1"));
        Assert.Equal("web/index.ts", folders.RelativePathOf("vscode-remote://ssh-remote+box/srv/app/web/index.ts"));
        Assert.Null(folders.RelativePathOf("vscode-remote://other-box/srv/app/web/index.ts"));
        Assert.Equal(["vscode-remote://ssh-remote+box/srv/app"], folders.Folders);
    }

    [Fact]
    public void Null_folder_lists_are_refused_by_name()
    {
        var folders = new WorkspaceFolderSet();

        Assert.Equal("folderUris", Assert.Throws<ArgumentNullException>(() => folders.Replace(null!)).ParamName);
        Assert.Equal("added", Assert.Throws<ArgumentNullException>(() => folders.Change(null!, [])).ParamName);
        Assert.Equal("removed", Assert.Throws<ArgumentNullException>(() => folders.Change([], null!)).ParamName);
    }

    [Fact]
    public void Adding_a_folder_keeps_the_others()
    {
        var folders = new WorkspaceFolderSet();
        folders.Replace(["file:///home/u/a"]);

        folders.Change(added: ["file:///home/u/b"], removed: []);

        Assert.Equal(["file:///home/u/a", "file:///home/u/b"], folders.Folders);
    }

    [Fact]
    public void Folders_that_differ_in_one_part_are_distinct_and_removed_alone()
    {
        var folders = new WorkspaceFolderSet();
        folders.Replace(["file:///srv/app", "vscode-vfs:///srv/app", "file:///home/a", "file:///home/b"]);
        Assert.Equal(["file:///srv/app", "vscode-vfs:///srv/app", "file:///home/a", "file:///home/b"], folders.Folders);

        folders.Change(added: [], removed: ["file:///home/b"]);

        Assert.Equal(["file:///srv/app", "vscode-vfs:///srv/app", "file:///home/a"], folders.Folders);
    }

    [Fact]
    public void A_one_letter_scheme_is_a_scheme()
    {
        var folders = new WorkspaceFolderSet();
        folders.Replace(["c:/Users/me/repo"]);

        Assert.Equal("src/a.py", folders.RelativePathOf("c:/Users/me/repo/src/a.py"));
    }

    [Fact]
    public void Query_and_fragment_are_not_part_of_the_path()
    {
        var folders = new WorkspaceFolderSet();
        folders.Replace(["file:///home/u/repo?ref=main"]);

        Assert.Equal("src/a.py", folders.RelativePathOf("file:///home/u/repo/src/a.py?x=1#L3"));
        Assert.Null(folders.RelativePathOf("file:?x=1"));
    }

    [Fact]
    public void The_empty_authority_of_file_slash_slash_slash_is_no_authority()
    {
        var folders = new WorkspaceFolderSet();
        folders.Replace(["file:///home/u/repo"]);

        Assert.Equal("src/a.py", folders.RelativePathOf("file:/home/u/repo/src/a.py"));
    }

    [Fact]
    public void The_authority_is_compared_ignoring_case_and_may_stand_alone()
    {
        var folders = new WorkspaceFolderSet();
        folders.Replace(["file://Server/share/repo", "vscode-remote://box"]);

        Assert.Equal("src/a.py", folders.RelativePathOf("file://server/share/repo/src/a.py"));
        Assert.Equal("srv/b.py", folders.RelativePathOf("vscode-remote://BOX/srv/b.py"));
        Assert.Equal("vscode-remote://box", folders.FolderOf("vscode-remote://box/srv/b.py"));
    }

    [Fact]
    public void Only_a_windows_drive_segment_ignores_case()
    {
        var folders = new WorkspaceFolderSet();
        folders.Replace(["file:///home/u/Repo", "file:///data/A:"]);

        Assert.Equal("a.py", folders.RelativePathOf("file:///home/u/repo/src/a.py"));
        Assert.Equal("b.py", folders.RelativePathOf("file:///data/a:/src/b.py"));
    }
}
