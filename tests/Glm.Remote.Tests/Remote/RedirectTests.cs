using System.Collections.Concurrent;
using Glm.Inference.Remote;
using Glm.Remote.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Glm.Remote.Tests.Remote.RemoteTestHelpers;

namespace Glm.Remote.Tests.Remote;

public class RedirectTests
{
    [Fact]
    public async Task A_redirect_is_reported_with_its_target_and_never_followed()
    {
        var reached = new ConcurrentQueue<string>();
        await using var target = await LocalHttpServer.StartAsync(app => app.Run(context =>
        {
            reached.Enqueue(context.Request.Path);
            return Task.CompletedTask;
        }));
        await using var server = await LocalHttpServer.StartAsync(app => app.Run(context =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = $"{target.Authority}/elsewhere/v1{context.Request.Path.Value![3..]}?sig=secret";
            return Task.CompletedTask;
        }));
        await using var generator = Generator(Options(server.BaseUrl));

        var error = await FailureAsync(generator);

        Assert.Equal(RemoteErrorKind.BadResponse, error.Kind);
        Assert.Equal(
            $"{server.Authority} redirected the request (307) to {target.Authority}/elsewhere/v1/chat/completions?***; redirects are not followed. If you trust that address, set it as the endpoint.",
            error.Message);
        Assert.Empty(reached);
    }
}
