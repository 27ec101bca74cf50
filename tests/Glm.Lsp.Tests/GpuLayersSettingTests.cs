using System.Text.Json;
using Glm.Lsp.Settings;
using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests;

/// <summary>glm.gpuLayers takes "auto" (the default) or a layer count; anything else is reported and changes nothing.</summary>
public sealed class GpuLayersSettingTests
{
    [Fact]
    public void Schema_AllowsANumberOrTheWordAuto()
    {
        var entry = SettingsSchema.Build()["properties"]!["glm.gpuLayers"]!;
        Assert.Equal(
            """{"type":["integer","string"],"default":"auto","description":"Model layers offloaded to the GPU. auto: every layer when the server runs on a GPU backend (the CUDA build), none on the CPU backend. A number sets the count (the output layer counts as one); 0 runs on the CPU only.","pattern":"^auto$","minimum":0}""",
            entry.ToJsonString());
    }

    [Fact]
    public void Default_IsAuto_WhichTheModelSettingsCarryAsNull()
    {
        Assert.Null(SettingsCatalog.Defaults.GpuLayers);
        Assert.Null(SettingsCatalog.Defaults.Model.GpuLayers);
    }

    [Theory]
    [InlineData("\"auto\"", null)]
    [InlineData("0", 0)]
    [InlineData("29", 29)]
    public void AutoOrACount_IsApplied(string json, int? expected)
    {
        var current = SettingsCatalog.Defaults with { GpuLayers = 7 };
        var result = Read(current, json);
        Assert.Empty(result.Problems);
        Assert.Equal(expected, result.Settings.GpuLayers);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("2.5")]
    [InlineData("\"all\"")]
    [InlineData("\"AUTO\"")]
    [InlineData("\"12\"")]
    [InlineData("true")]
    public void AnythingElse_IsReportedAndThePreviousValueKept(string json)
    {
        var result = Read(SettingsCatalog.Defaults with { GpuLayers = 7 }, json);
        Assert.Equal([$"glm.gpuLayers must be \"auto\" or an integer of at least 0; got {json}."], result.Problems);
        Assert.Equal(7, result.Settings.GpuLayers);
    }

    [Fact]
    public async Task ABadValueFromTheClient_IsShownOnceAndTheServerKeepsAuto()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync("""{"window":{"workDoneProgress":true}}""", """{"gpuLayers":"max"}""");
        var message = await session.Client.WaitForAsync(m => m.Params.Contains("ignored invalid settings", StringComparison.Ordinal));
        Assert.Equal(
            """{"type":2,"message":"glm-lsp: ignored invalid settings: glm.gpuLayers must be \"auto\" or an integer of at least 0; got \"max\"."}""",
            message.Params);
        Assert.Null(session.Server.Settings.Model.GpuLayers);
    }

    private static SettingsReadResult Read(GlmSettings current, string value)
    {
        using var json = JsonDocument.Parse($$"""{"gpuLayers":{{value}}}""");
        return SettingsReader.Apply(current, json.RootElement);
    }
}
