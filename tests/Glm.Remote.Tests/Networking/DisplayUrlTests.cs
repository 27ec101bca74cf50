using Glm.Inference.Networking;

namespace Glm.Remote.Tests.Networking;

public class DisplayUrlTests
{
    [Theory]
    [InlineData("http://alice:pw@gpu.corp:8000/v1?api_key=sk-1#frag", "http://***@gpu.corp:8000/v1?***")]
    [InlineData("https://gpu.corp/v1", "https://gpu.corp/v1")]
    [InlineData("http://proxy.corp:3128", "http://proxy.corp:3128/")]
    [InlineData("proxy.corp:3128", "proxy.corp:3128")]
    [InlineData("alice:pw@proxy.corp:3128", "***@proxy.corp:3128")]
    [InlineData("not a url?token=abc", "not a url?***")]
    [InlineData("", "")]
    public void User_info_and_query_are_never_displayed(string configured, string displayed) =>
        Assert.Equal(displayed, DisplayUrl.Redact(configured));
}
