using System.Net;
using System.Net.Http.Json;
using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests.Api;

public sealed class LoginRateLimitTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("tr-ratelimit-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Login_MoreAttemptsThanAllowed_Returns429WithRetryAfter()
    {
        await using var factory = TaskRoutingFactory.Embedded(_dataDirectory, new Dictionary<string, string?>
        {
            ["TaskRouting:Security:LoginAttemptsPerWindow"] = "3",
            ["TaskRouting:Security:LoginWindow"] = "00:10:00",
        });
        using var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "office", password = "guess-" + i });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter is not null);
            }
        }

        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            statuses);
    }
}
