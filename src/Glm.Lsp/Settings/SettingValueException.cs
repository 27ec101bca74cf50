namespace Glm.Lsp.Settings;

/// <summary>A setting value of the wrong type or out of range. The message names the setting as users write it.</summary>
public sealed class SettingValueException : Exception
{
    public SettingValueException()
    {
    }

    public SettingValueException(string message)
        : base(message)
    {
    }

    public SettingValueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
