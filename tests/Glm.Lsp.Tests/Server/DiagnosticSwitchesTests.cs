using Glm.Lsp.Server;
using Glm.Lsp.Tests.Cli;
using Glm.Lsp.Tests.Infrastructure;
using StreamJsonRpc;

namespace Glm.Lsp.Tests.Server;

/// <summary>The test and benchmark switches: one environment variable, parsed once, refused loudly when wrong.</summary>
public sealed class DiagnosticSwitchesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" , ")]
    public void An_unset_or_empty_variable_is_the_shipped_server(string? value) =>
        Assert.Equal(DiagnosticSwitches.None, DiagnosticSwitches.Parse(value));

    [Fact]
    public void Every_switch_is_read_from_one_variable()
    {
        var environment = new Dictionary<string, string>
        {
            [DiagnosticSwitches.EnvironmentVariable] =
                "no-prompt-reuse, request-stats,test-methods,partial-result-spacing-ms=60,fail-decode-call=3,inference-cpu=0",
        };

        var switches = DiagnosticSwitches.FromEnvironment(name => environment.GetValueOrDefault(name));

        Assert.Equal(
            new DiagnosticSwitches(
                PromptReuse: false, RequestStats: true, PartialResultSpacing: TimeSpan.FromMilliseconds(60), TestMethods: true, FailDecodeCall: 3, InferenceCpu: 0),
            switches);
    }

    [Fact]
    public void The_value_a_launcher_writes_reads_back_as_the_same_switches()
    {
        var switches = new DiagnosticSwitches(PromptReuse: false, RequestStats: true, InferenceCpu: 1);

        Assert.Equal("no-prompt-reuse,request-stats,inference-cpu=1", switches.ToEnvironmentValue());
        Assert.Equal(switches, DiagnosticSwitches.Parse(switches.ToEnvironmentValue()));
        Assert.Equal("", DiagnosticSwitches.None.ToEnvironmentValue());
    }

    [Theory]
    [InlineData("request-stats,enable-test-methods", "GLM_LSP_DIAGNOSTICS: 'enable-test-methods' is not a switch (known: no-prompt-reuse, request-stats, test-methods, partial-result-spacing-ms=N, fail-decode-call=N, inference-cpu=N).")]
    [InlineData("fail-decode-call=0", "GLM_LSP_DIAGNOSTICS: 'fail-decode-call' needs a whole number of at least 1, as in fail-decode-call=2; it is '0'.")]
    [InlineData("inference-cpu", "GLM_LSP_DIAGNOSTICS: 'inference-cpu' needs a whole number of at least 0, as in inference-cpu=1; it is ''.")]
    [InlineData("partial-result-spacing-ms=-5", "GLM_LSP_DIAGNOSTICS: 'partial-result-spacing-ms' needs a whole number of at least 1, as in partial-result-spacing-ms=2; it is '-5'.")]
    [InlineData("test-methods=1", "GLM_LSP_DIAGNOSTICS: 'test-methods' takes no value.")]
    [InlineData("request-stats,request-stats", "GLM_LSP_DIAGNOSTICS: 'request-stats' is given twice.")]
    public void A_wrong_switch_is_refused_with_what_is_wrong(string value, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => DiagnosticSwitches.Parse(value)).Message);

    [Fact]
    public async Task A_server_started_with_a_wrong_switch_exits_with_the_reason_and_writes_nothing_on_stdout()
    {
        var result = await GlmLspProcess.RunAsync(
            new Dictionary<string, string?> { [DiagnosticSwitches.EnvironmentVariable] = "fail-decode-call=often" }, "--stdio");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal(
            "glm-lsp: GLM_LSP_DIAGNOSTICS: 'fail-decode-call' needs a whole number of at least 1, as in fail-decode-call=2; it is 'often'.\n",
            result.Stderr);
    }

    [Fact]
    public async Task The_test_methods_exist_only_with_their_switch()
    {
        await using (var normal = LspTestSession.Start())
        {
            await normal.InitializeAsync();
            var error = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => normal.RequestAsync("glm/debug/engineState"));
            Assert.Equal(-32601, (int)error.ErrorCode);
        }

        await using var testing = LspTestSession.Start(new ServerStartOptions(Switches: new DiagnosticSwitches(TestMethods: true)));
        await testing.InitializeAsync();

        Assert.Equal("null", await testing.RequestAsync("glm/debug/engineState"));
    }
}
