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
}
