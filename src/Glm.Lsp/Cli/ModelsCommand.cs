using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Glm.Inference.Models;
using Glm.Inference.Networking;

namespace Glm.Lsp.Cli;

/// <summary><c>glm-lsp models list</c> (the GGUF models already on this machine) and <c>glm-lsp models pull</c>
/// (download one from a Hugging Face-style hub). Pull is the only place where glm-lsp downloads anything.</summary>
internal static class ModelsCommand
{
    /// <summary>Overrides the default hub, for mirrors such as ModelScope or an internal server.</summary>
    public const string HubEnvironmentVariable = "GLM_LSP_HUB";

    public static Command Create(CommonOptions common)
    {
        var command = new Command("models", "List the GLM models on this machine or download one.");
        command.Subcommands.Add(CreateList(common));
        command.Subcommands.Add(CreatePull(common));
        return command;
    }

    private static Command CreateList(CommonOptions common)
    {
        var dirs = new Option<string[]>("--dir")
        {
            Description = "A folder to search for GGUF files (recursively), besides the cache, Ollama's and LM Studio's stores. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var json = new Option<bool>("--json") { Description = "Print the list as JSON (the shape of glm/models) instead of a table." };
        var command = new Command("list", "List GGUF models found in --dir folders, glm-lsp's cache, Ollama and LM Studio, and whether this build can run each.");
        command.Options.Add(dirs);
        command.Options.Add(json);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, common, (_, ct) =>
        {
            var folders = parseResult.GetValue(dirs) ?? [];
            foreach (var folder in folders.Where(f => !Directory.Exists(f)))
            {
                throw new CommandLineException($"--dir {folder}: no such folder");
            }

            var models = Protocol.LspConversions.ToModelsResult(Models.ModelListing.List("", folders, ModelStoreLocations.FromEnvironment(), ct)).Models;
            Console.Out.Write(parseResult.GetValue(json)
                ? JsonSerializer.Serialize(new Protocol.ModelsResult(models), Server.LspJson.Options) + "\n"
                : ModelTable.Format(models));
            return Task.FromResult(0);
        }, cancellationToken));
        return command;
    }

    private static Command CreatePull(CommonOptions common)
    {
        var repo = new Argument<string>("REPO") { Description = "Repository on the hub, such as THUDM/glm-4-9b-chat-gguf." };
        var file = new Argument<string>("FILE") { Description = "File in the repository, such as glm-4-9b-chat-Q4_0.gguf." };
        var hub = new Option<string?>("--hub")
        {
            Description = $"Hub base URL (a mirror serving {{hub}}/{{repo}}/resolve/{{revision}}/{{file}}). Default: ${HubEnvironmentVariable}, else https://huggingface.co. HF_TOKEN is sent only to https://huggingface.co; another hub gets ${HubAccess.MirrorTokenEnvironmentVariable}.",
        };
        var output = new Option<string?>("--out") { Description = "Folder for the file. Default: glm-lsp's cache (~/.cache/glm-lsp/models/REPO)." };
        var revision = new Option<string>("--revision") { Description = "Branch, tag or commit (letters, digits, '.', '_', '-').", DefaultValueFactory = _ => "main" };
        var force = new Option<bool>("--force") { Description = "Replace an existing file at the target that is not this verified download (only by the verified download)." };
        var allowInsecureHttp = new Option<bool>("--allow-insecure-http") { Description = "Allow a plain http:// hub that is not this machine. No token is sent over plain http either way." };
        var command = new Command("pull", "Download a GGUF file from a Hugging Face-style hub: resumable, SHA-256 verified, written atomically.");
        command.Arguments.Add(repo);
        command.Arguments.Add(file);
        command.Options.Add(hub);
        command.Options.Add(output);
        command.Options.Add(revision);
        command.Options.Add(force);
        command.Options.Add(allowInsecureHttp);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, common, async (loggerFactory, ct) =>
        {
            var hubText = parseResult.GetValue(hub) ?? (Environment.GetEnvironmentVariable(HubEnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : "https://huggingface.co");
            if (!Uri.TryCreate(hubText, UriKind.Absolute, out var hubUrl) || (hubUrl.Scheme != Uri.UriSchemeHttps && hubUrl.Scheme != Uri.UriSchemeHttp))
            {
                throw new CommandLineException($"--hub {DisplayUrl.Redact(hubText)}: not an http:// or https:// URL");
            }

            var repoName = parseResult.GetValue(repo)!;
            var fileName = parseResult.GetValue(file)!;
            var printer = new DownloadProgressPrinter(Console.Error, !Console.IsErrorRedirected, fileName);
            DownloadResult result;
            try
            {
                result = await ModelDownloader.PullAsync(
                    repoName,
                    fileName,
                    new DownloadOptions
                    {
                        BaseUrl = hubUrl,
                        Revision = parseResult.GetValue(revision)!,
                        TargetDirectory = parseResult.GetValue(output),
                        Network = NetworkSettings.Default,
                        Overwrite = parseResult.GetValue(force),
                        AllowInsecureHttp = parseResult.GetValue(allowInsecureHttp),
                    },
                    printer,
                    loggerFactory.CreateLogger("models pull"),
                    cancellationToken: ct);
            }
            finally
            {
                printer.Finish();
            }

            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{(result.AlreadyPresent ? "Already present" : result.Resumed ? "Resumed and verified" : "Downloaded and verified")}: {result.SizeBytes} bytes, SHA-256 {result.Sha256}"));
            Console.Out.WriteLine(result.Path);
            return 0;
        }, cancellationToken));
        return command;
    }
}
