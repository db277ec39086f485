using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace TaskRouting.Server.IntegrationTests.Infrastructure;

/// <summary>The real server in-process, configured the way an operator would (settings, not code).</summary>
internal sealed class TaskRoutingFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    public const string AdminUserName = "root-admin";
    public const string AdminPassword = "Root-admin-password-1";

    public static TaskRoutingFactory Embedded(string dataDirectory, IReadOnlyDictionary<string, string?>? extra = null) =>
        new(Merge(new Dictionary<string, string?>
        {
            ["TaskRouting:Mode"] = "Embedded",
            ["TaskRouting:DataDirectory"] = dataDirectory,
        }, extra));

    public static TaskRoutingFactory Production(string postgres, IReadOnlyDictionary<string, string?>? extra = null) =>
        new(Merge(new Dictionary<string, string?>
        {
            ["TaskRouting:Mode"] = "Production",
            ["TaskRouting:Storage:Provider"] = "PostgreSql",
            ["TaskRouting:Storage:ConnectionString"] = postgres,
            ["TaskRouting:Messaging:Transport"] = "RabbitMq",
            ["TaskRouting:Messaging:RabbitMqUri"] = TestEnvironment.RabbitMq,
            ["TaskRouting:Bootstrap:AdminUserName"] = AdminUserName,
            ["TaskRouting:Bootstrap:AdminPassword"] = AdminPassword,
            // TestServer speaks plain HTTP; production behind TLS keeps the Secure flag.
            ["TaskRouting:Security:RequireHttpsCookies"] = "false",
            ["TaskRouting:Startup:ConnectAttempts"] = "3",
            ["TaskRouting:Startup:ConnectDelay"] = "00:00:00.200",
        }, extra));

    private static Dictionary<string, string?> Merge(Dictionary<string, string?> baseSettings, IReadOnlyDictionary<string, string?>? extra)
    {
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            baseSettings[key] = value;
        }

        return baseSettings;
    }

    /// <summary>Replaces services before the host starts (e.g. a FakeTimeProvider); null for none.</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? TestServices { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (TestServices is not null)
        {
            Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(builder, TestServices);
        }

        // Start-up failures reach the test as exceptions instead of an exit code.
        builder.UseSetting("TaskRouting:Startup:ExitOnFailure", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>
    /// Starts the server on Kestrel at a free loopback port instead of the in-memory test server, so that a browser can
    /// open its pages; the clients this factory makes then go over that port too. Returns the address.
    /// </summary>
    public string ListenOnLoopback()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        ClientOptions.BaseAddress = new Uri(address);
        return address.TrimEnd('/');
    }

    /// <summary>A client that keeps cookies, logged in as the given user.</summary>
    public async Task<HttpClient> LoginAsync(string userName, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ClientOptions.BaseAddress, HandleCookies = true, AllowAutoRedirect = false });
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    /// <summary>A client that sends <c>Authorization: ApiKey …</c>.</summary>
    public HttpClient WithApiKey(string key)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ClientOptions.BaseAddress, HandleCookies = false, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"ApiKey {key}");
        return client;
    }

    /// <summary>Polls readiness until healthy (the job server's first heartbeat takes a moment) or the deadline passes.</summary>
    public async Task<JsonElement> WaitUntilReadyAsync(TimeSpan? within = null)
    {
        var client = CreateClient();
        var deadline = Environment.TickCount64 + (long)(within ?? TimeSpan.FromSeconds(30)).TotalMilliseconds;
        while (true)
        {
            var response = await client.GetAsync("/health/ready");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (response.StatusCode == HttpStatusCode.OK || Environment.TickCount64 > deadline)
            {
                return body;
            }

            await Task.Delay(200);
        }
    }
}
