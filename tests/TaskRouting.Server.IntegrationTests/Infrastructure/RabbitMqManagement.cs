using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TaskRouting.Server.IntegrationTests.Infrastructure;

/// <summary>The test broker's management API: what RabbitMQ itself says about queues and connections.</summary>
internal static class RabbitMqManagement
{
    /// <summary>Ready and unacknowledged messages and consumers of a queue in the default vhost.</summary>
    public static async Task<(long Ready, long Unacked, long Consumers)> QueueAsync(string queue)
    {
        using var http = Client();
        using var json = JsonDocument.Parse(await http.GetStringAsync($"api/queues/%2F/{Uri.EscapeDataString(queue)}"));
        var root = json.RootElement;
        return (root.GetProperty("messages_ready").GetInt64(), root.GetProperty("messages_unacknowledged").GetInt64(), root.GetProperty("consumers").GetInt64());
    }

    /// <summary>The open connections: the broker's name for each (client and server address) and the client-provided name (MassTransit's <c>ConnectionName</c>).</summary>
    public static async Task<IReadOnlyList<(string Name, string ClientName)>> ConnectionsAsync()
    {
        using var http = Client();
        return await ConnectionsAsync(http);
    }

    /// <summary>Force-closes, as an operator would, every connection whose client name starts with <paramref name="prefix"/>.</summary>
    public static async Task<int> CloseConnectionsAsync(string prefix)
    {
        using var http = Client();
        var closed = 0;
        foreach (var (name, _) in (await ConnectionsAsync(http)).Where(c => c.ClientName.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var response = await http.DeleteAsync($"api/connections/{Uri.EscapeDataString(name)}");
            response.EnsureSuccessStatusCode();
            closed++;
        }

        return closed;
    }

    private static async Task<List<(string Name, string ClientName)>> ConnectionsAsync(HttpClient http)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync("api/connections"));
        return json.RootElement.EnumerateArray()
            .Select(c => (c.GetProperty("name").GetString()!,
                c.TryGetProperty("client_properties", out var p) && p.TryGetProperty("connection_name", out var n) ? n.GetString() ?? "" : ""))
            .ToList();
    }

    private static HttpClient Client()
    {
        var uri = new Uri(TestEnvironment.RabbitMqManagement);
        var http = new HttpClient { BaseAddress = new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(uri.UserInfo))));
        return http;
    }
}
