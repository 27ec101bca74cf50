using LLama.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Glm.Inference.Native;

/// <summary>
/// Routes llama.cpp's native log lines into Microsoft.Extensions.Logging. Without this, llama.cpp prints about a hundred
/// lines per model load to stderr, and a language server must never let native code write to its protocol streams.
/// </summary>
public static class NativeLogging
{
    private static readonly Lock Gate = new();
    private static ILogger current = NullLogger.Instance;
    private static bool installed;

    /// <summary>
    /// Installs the native log callback once per process; it must run before the first native call, because llama.cpp
    /// reads its configuration when the library loads. Later calls with a logger only replace the destination.
    /// </summary>
    public static void EnsureInitialized(ILogger? logger = null)
    {
        lock (Gate)
        {
            if (logger is not null)
            {
                current = logger;
            }

            if (installed)
            {
                return;
            }

            // The callback reads the field on every line, so a logger supplied later still receives the output.
            // If some code loaded the library first, the configuration is frozen and the callback is set directly instead.
            if (NativeLibraryConfig.LLama.LibraryHasLoaded)
            {
                NativeLogConfig.llama_log_set(Forward);
            }
            else
            {
                NativeLibraryConfig.All.WithLogCallback(Forward);
            }

            installed = true;
        }
    }

    private static void Forward(LLamaLogLevel level, string message)
    {
        var logger = current;
        var mapped = level switch
        {
            LLamaLogLevel.Error => LogLevel.Error,
            LLamaLogLevel.Warning => LogLevel.Warning,
            LLamaLogLevel.Info => LogLevel.Debug,
            _ => LogLevel.Trace,
        };
        if (logger.IsEnabled(mapped))
        {
            logger.Log(mapped, "llama.cpp: {NativeMessage}", message.TrimEnd('\n'));
        }
    }
}
