using System.Globalization;

namespace Glm.Lsp.Server;

/// <summary>
/// The test and benchmark switches of a running server, declared here only and read once at startup from the
/// <see cref="EnvironmentVariable"/> environment variable (docs/diagnostic-switches.md). The environment is the one
/// channel every launcher has: tests and the benchmark spawn the process, and the VS Code end-to-end tests start it
/// through the extension, which passes its environment on but no arguments. An editor never sets them.
/// </summary>
/// <param name="PromptReuse">False (<c>no-prompt-reuse</c>) evaluates every prompt in full (the engine clears its slot
/// before each request) and turns off the typing-through cache: the "reuse disabled" baseline of the typing benchmark.</param>
/// <param name="RequestStats">True (<c>request-stats</c>) sends a <c>glm/requestStats</c> notification after every inline completion.</param>
/// <param name="PartialResultSpacing">
/// <c>partial-result-spacing-ms=N</c>: the least time between two partial results of a rewrite. The predictable test
/// model answers within one frame of the editor, which then may render only the final text; the VS Code end-to-end
/// tests space them so they can see the preview stream.
/// </param>
/// <param name="TestMethods">True (<c>test-methods</c>) serves the <c>glm/debug/…</c> requests the hardening tests read the server's state with.</param>
/// <param name="FailDecodeCall"><c>fail-decode-call=N</c>: the n-th llama_decode call of each loaded local model fails
/// after it ran, as a model that breaks mid-generation would (the fault tests).</param>
/// <param name="InferenceCpu"><c>inference-cpu=N</c>: pins the inference thread to this CPU, the one the benchmark runs its
/// bare baseline on, so both sides of a ratio run on the same core.</param>
public sealed record DiagnosticSwitches(
    bool PromptReuse = true,
    bool RequestStats = false,
    TimeSpan PartialResultSpacing = default,
    bool TestMethods = false,
    int? FailDecodeCall = null,
    int? InferenceCpu = null)
{
    /// <summary>A comma-separated list of switches, such as <c>request-stats,no-prompt-reuse,inference-cpu=1</c>.</summary>
    public const string EnvironmentVariable = "GLM_LSP_DIAGNOSTICS";

    private const string NoPromptReuseName = "no-prompt-reuse";
    private const string RequestStatsName = "request-stats";
    private const string TestMethodsName = "test-methods";
    private const string PartialResultSpacingName = "partial-result-spacing-ms";
    private const string FailDecodeCallName = "fail-decode-call";
    private const string InferenceCpuName = "inference-cpu";

    private static readonly string[] KnownNames =
        [NoPromptReuseName, RequestStatsName, TestMethodsName, PartialResultSpacingName + "=N", FailDecodeCallName + "=N", InferenceCpuName + "=N"];

    /// <summary>The shipped server: every switch off.</summary>
    public static DiagnosticSwitches None { get; } = new();

    /// <summary>Reads <see cref="EnvironmentVariable"/> from <paramref name="environment"/>; unset or empty is <see cref="None"/>.</summary>
    /// <exception cref="FormatException">The variable names an unknown switch or gives a bad value; the message says which.</exception>
    public static DiagnosticSwitches FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Parse(environment(EnvironmentVariable));
    }

    /// <summary>Parses the variable's value, the inverse of <see cref="ToEnvironmentValue"/>.</summary>
    /// <exception cref="FormatException">An unknown switch, a switch named twice, or a bad value; the message says which.</exception>
    public static DiagnosticSwitches Parse(string? value)
    {
        var switches = None;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = entry.IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? entry : entry[..separator].Trim();
            var argument = separator < 0 ? null : entry[(separator + 1)..].Trim();
            if (!seen.Add(name))
            {
                throw Invalid($"'{name}' is given twice");
            }

            switches = name switch
            {
                NoPromptReuseName => Flag(name, argument, switches with { PromptReuse = false }),
                RequestStatsName => Flag(name, argument, switches with { RequestStats = true }),
                TestMethodsName => Flag(name, argument, switches with { TestMethods = true }),
                PartialResultSpacingName => switches with { PartialResultSpacing = TimeSpan.FromMilliseconds(Number(name, argument, least: 1)) },
                FailDecodeCallName => switches with { FailDecodeCall = Number(name, argument, least: 1) },
                InferenceCpuName => switches with { InferenceCpu = Number(name, argument, least: 0) },
                _ => throw Invalid($"'{name}' is not a switch (known: {string.Join(", ", KnownNames)})"),
            };
        }

        return switches;
    }

    /// <summary>The value of <see cref="EnvironmentVariable"/> that starts a server with these switches.</summary>
    public string ToEnvironmentValue()
    {
        var entries = new List<string>();
        if (!PromptReuse)
        {
            entries.Add(NoPromptReuseName);
        }

        if (RequestStats)
        {
            entries.Add(RequestStatsName);
        }

        if (TestMethods)
        {
            entries.Add(TestMethodsName);
        }

        if (PartialResultSpacing > TimeSpan.Zero)
        {
            entries.Add(Valued(PartialResultSpacingName, (int)Math.Ceiling(PartialResultSpacing.TotalMilliseconds)));
        }

        if (FailDecodeCall is { } call)
        {
            entries.Add(Valued(FailDecodeCallName, call));
        }

        if (InferenceCpu is { } cpu)
        {
            entries.Add(Valued(InferenceCpuName, cpu));
        }

        return string.Join(',', entries);
    }

    private static string Valued(string name, int value) => name + "=" + value.ToString(CultureInfo.InvariantCulture);

    private static DiagnosticSwitches Flag(string name, string? argument, DiagnosticSwitches withFlag) =>
        argument is null ? withFlag : throw Invalid($"'{name}' takes no value");

    private static int Number(string name, string? argument, int least) =>
        int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= least
            ? number
            : throw Invalid($"'{name}' needs a whole number of at least {least}, as in {name}={least + 1}; it is '{argument}'");

    private static FormatException Invalid(string problem) => new($"{EnvironmentVariable}: {problem}.");
}
