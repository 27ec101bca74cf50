using Glm.Lsp.Settings;

namespace Glm.Lsp.Models;

/// <summary>
/// Which model the settings ask for and when it is (re)loaded: nothing loads before the editor said 'initialized', and
/// the API key's version is part of the model settings, so a new key reconnects a remote engine.
/// </summary>
public sealed class ModelConfiguration(SettingsStore settings, ApiKeyStore apiKeys, ModelHost models)
{
    /// <summary>True once 'initialized' arrived: the model is loaded only from then on.</summary>
    public bool LoadingEnabled { get; set; }

    /// <summary>The model settings in effect, with the API key's version when a remote engine is configured.</summary>
    public ModelSettings Current()
    {
        var model = settings.Current.Model with { PathSource = settings.ModelPathSource };
        return model.Remote is null ? model : model with { ApiKeyVersion = apiKeys.Version };
    }

    /// <summary>Loads (or keeps) the model the settings ask for now.</summary>
    public void Load() => _ = models.Apply(Current());

    /// <summary>After settings changed: loads what they ask for once loading is enabled. With no model configured and
    /// <paramref name="waitingForLateSettings"/>, nothing happens yet, so "no model is configured" is not reported
    /// before the settings the editor pushes right after 'initialized'.</summary>
    public void SettingsChanged(bool waitingForLateSettings)
    {
        var model = Current();
        if (LoadingEnabled && !(model.ModelPath.Length == 0 && model.Remote is null && waitingForLateSettings))
        {
            _ = models.Apply(model);
        }
    }

    /// <summary>After a new API key: reconnects when the remote engine is in use (the local model needs no key).</summary>
    public void ApiKeyChanged()
    {
        if (LoadingEnabled && settings.Current.Model.Remote is not null)
        {
            Load();
        }
    }
}
