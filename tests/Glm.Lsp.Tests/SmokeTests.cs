namespace Glm.Lsp.Tests;

public class SmokeTests
{
    [Fact]
    public void NativeLibraryLoads() => Assert.NotNull(typeof(LLama.LLamaWeights).Assembly);
}
