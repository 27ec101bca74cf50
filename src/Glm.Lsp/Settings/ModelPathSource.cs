namespace Glm.Lsp.Settings;

/// <summary>Where the model path in effect came from, so that a message about it names the place to fix.</summary>
public enum ModelPathSource
{
    None,
    CommandLine,
    InitializationOptions,
    Setting,
}

public static class ModelPathSources
{
    /// <summary>Every place a model path is read from, in the words of the messages.</summary>
    public const string All = "--model, initializationOptions.modelPath or the glm.modelPath setting";

    /// <summary>"from --model", "from initializationOptions.modelPath", "from the glm.modelPath setting".</summary>
    public static string Describe(ModelPathSource source) => source switch
    {
        ModelPathSource.CommandLine => "from --model",
        ModelPathSource.InitializationOptions => "from initializationOptions.modelPath",
        ModelPathSource.Setting => "from the glm.modelPath setting",
        _ => "from no source",
    };
}
