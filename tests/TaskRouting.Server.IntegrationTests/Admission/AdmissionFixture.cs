using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using TaskRouting.Activities.Review;
using TaskRouting.Server.IntegrationTests.Infrastructure;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Server.IntegrationTests.Admission;

/// <summary>
/// A production-mode server on PostgreSQL whose clock the tests move (FakeTimeProvider), with district DX of 5
/// streets and 50 communities, a user per role and one per street and community. The Hangfire server is off: the
/// tests run the window job and the timer sweep themselves after moving time, as the recurring jobs would.
/// </summary>
public class AdmissionFixture : IAsyncLifetime
{
    public const string District = "DX";
    public const string Department = "DX-JY";
    private PostgresDatabase? _database;
    private TaskRoutingFactory? _factory;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 12, 10, 2, 0, 0, TimeSpan.Zero));

    internal TaskRoutingFactory Factory => _factory!;

    internal PostgresDatabase Database => _database!;

    public static IEnumerable<string> Streets => Enumerable.Range(1, 5).Select(s => $"DX{s:00}");

    public static IEnumerable<string> Communities => Streets.SelectMany(s => Enumerable.Range(1, 10).Select(c => $"{s}{c:000}"));

    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    /// <summary>Settings of the server under test, beyond production mode on the test's database and broker.</summary>
    protected virtual Dictionary<string, string?> ServerSettings => new() { ["TaskRouting:Jobs:RunServer"] = "false" };

    /// <summary>True: the server listens on a loopback port (Kestrel) as well, so that a browser can open its pages.</summary>
    protected virtual bool ListensOnLoopback => false;

    /// <summary>Where the server listens when <see cref="ListensOnLoopback"/>, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _factory = TaskRoutingFactory.Production(_database.ConnectionString, ServerSettings);
        _factory.TestServices = services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time));
        if (ListensOnLoopback)
        {
            BaseUrl = _factory.ListenOnLoopback();
        }

        await _factory.WaitUntilReadyAsync();

        using var admin = await Factory.LoginAsync(TaskRoutingFactory.AdminUserName, TaskRoutingFactory.AdminPassword);
        var csv = new StringBuilder("type,code,name_zh,name_en,district,street\n");
        csv.Append(CultureInfo.InvariantCulture, $"district,{District},测试区,Test District,,\n");
        csv.Append(CultureInfo.InvariantCulture, $"department,{Department},测试区教育局,Education Bureau,{District},\n");
        csv.Append(CultureInfo.InvariantCulture, $"department,DX-MZ,测试区民政局,Civil Affairs,{District},\n");
        foreach (var street in Streets)
        {
            csv.Append(CultureInfo.InvariantCulture, $"street,{street},街道{street},Street {street},{District},\n");
        }

        foreach (var community in Communities)
        {
            csv.Append(CultureInfo.InvariantCulture, $"community,{community},社区{community},Community {community},{District},{community[..4]}\n");
        }

        using var import = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        (await admin.PostAsync("/api/organisation/import", import)).EnsureSuccessStatusCode();
        await ProductionServerFixture.CreateUserAsync(admin, "dept", ["department"], District, department: Department);
        await ProductionServerFixture.CreateUserAsync(admin, "dept-mz", ["department"], District, department: "DX-MZ");
        await ProductionServerFixture.CreateUserAsync(admin, "office", ["office"], District);
        await ProductionServerFixture.CreateUserAsync(admin, "committee", ["committee"], District);
        await ProductionServerFixture.CreateUserAsync(admin, "supervisor", ["supervisor"], District);
        await ProductionServerFixture.CreateUserAsync(admin, "auditor", ["auditor"], District);
        await ProductionServerFixture.CreateUserAsync(admin, "operator", ["operator"], District);
        foreach (var street in Streets)
        {
            await ProductionServerFixture.CreateUserAsync(admin, $"s-{street}", ["street"], District, street: street);
        }

        foreach (var community in Communities)
        {
            await ProductionServerFixture.CreateUserAsync(admin, $"c-{community}", ["community"], District, street: community[..4], community: community);
        }

        // The office enters the 2025 calendar (2026 ships with the server), and the lists.
        using var office = await Factory.LoginAsync("office", ProductionServerFixture.Password);
        var put = await office.PutAsync("/api/reference/calendar/2025", new StringContent(Calendar2025, Encoding.UTF8, "application/json"));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        await PublishListAsync(office, "duty-list", [new { code = "D01", section = "statutory", titleZh = "居民自治事务", titleEn = "Residents' self-government", keywords = new[] { "自治" } }]);
        await PublishListAsync(office, "negative-list", [new { code = "N01", section = "negative", titleZh = "车辆无违章证明", titleEn = "Vehicle clean-record certificate", keywords = new[] { "车辆", "无违章" } }]);
    }

    private static async Task PublishListAsync(HttpClient office, string kind, object[] items)
    {
        var response = await office.PostAsJsonAsync($"/api/reference/{kind}", new { effectiveFrom = "2025-01-01", items, note = "fixture" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A client logged in as the user (cached).</summary>
    public async Task<HttpClient> As(string user)
    {
        if (!_clients.TryGetValue(user, out var client))
        {
            _clients[user] = client = await Factory.LoginAsync(user, ProductionServerFixture.Password);
        }

        return client;
    }

    /// <summary>The JSON body of a successful response; fails the test with the status and body otherwise.</summary>
    public static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Completes the user's open task for the application, as the inbox does.</summary>
    public async Task<HttpResponseMessage> CompleteTaskAsync(string user, Guid application, string outcome, string? comment = null, object? data = null)
    {
        var client = await As(user);
        var task = (await Json(await client.GetAsync("/api/workflows/tasks"))).EnumerateArray()
            .Single(t => t.GetProperty("context").GetProperty("applicationId").GetString() == application.ToString());
        return await client.PostAsJsonAsync($"/api/workflows/tasks/{task.GetProperty("id").GetString()}/complete", new { outcome, comment, data });
    }

    /// <summary>
    /// Votes as a street or community does, in its street subsystem (the gateway), once the vote request has reached
    /// the user's vote inbox over the bus.
    /// </summary>
    public async Task<HttpResponseMessage> VoteAsync(string user, Guid application, string choice, string? comment = null)
    {
        var ballot = await GatewayItemAsync(user, "/api/street/votes", application);
        return await (await As(user)).PostAsJsonAsync($"/api/street/votes/{ballot.GetProperty("voteRequestId").GetGuid()}", new { choice, comment });
    }

    /// <summary>Answers a dispatched task as a community does in its street subsystem, once the dispatch has reached its inbox.</summary>
    public async Task<HttpResponseMessage> AnswerTaskAsync(string user, Guid application, string action, string? report = null)
    {
        var task = await GatewayItemAsync(user, "/api/street/tasks", application);
        return await (await As(user)).PostAsJsonAsync($"/api/street/tasks/{task.GetProperty("dispatchId").GetGuid()}/{action}", new { report });
    }

    /// <summary>Waits until the user's gateway list at <paramref name="path"/> holds an item for the application (messages travel asynchronously).</summary>
    private async Task<JsonElement> GatewayItemAsync(string user, string path, Guid application)
    {
        var client = await As(user);
        JsonElement item = default;
        await EventuallyAsync(async () =>
        {
            item = (await Json(await client.GetAsync(path))).EnumerateArray().FirstOrDefault(i => i.GetProperty("applicationId").GetGuid() == application);
            return item.ValueKind == JsonValueKind.Object;
        }, $"{path} of {user} to hold application {application}");
        return item;
    }

    /// <summary>The application's status as the user reads it.</summary>
    public async Task<JsonElement> StatusAsync(string user, Guid application) =>
        await Json(await (await As(user)).GetAsync($"/api/applications/{application}/status"));

    /// <summary>Publishes a message on the real bus as a street subsystem would, with the given message id.</summary>
    public async Task PublishAsync<T>(T message, Guid messageId)
        where T : class =>
        await Factory.Services.GetRequiredService<MassTransit.IBus>().Publish(message, MassTransit.Pipe.Execute<MassTransit.PublishContext<T>>(c => c.MessageId = messageId));

    /// <summary>Waits (up to 30 s, or <paramref name="within"/>) until the condition holds: messages travel asynchronously.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        // Real time: the fake clock does not move messages.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < (within ?? TimeSpan.FromSeconds(30)), $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>Moves the clock on by days or more: sign-in cookies expire by the same clock, so people sign in again afterwards.</summary>
    public void MoveClock(TimeSpan by)
    {
        Time.Advance(by);
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
    }

    /// <summary>Moves the clock to a China time and runs what the recurring jobs would: the window job, then the timer sweep.</summary>
    public async Task AdvanceToAsync(string chinaTime)
    {
        var target = DateTimeOffset.Parse(chinaTime + "+08:00", CultureInfo.InvariantCulture).ToUniversalTime();
        if (target > Time.GetUtcNow())
        {
            MoveClock(target - Time.GetUtcNow());
        }

        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReviewWindows>().RunAsync(CancellationToken.None);
        await using var sweep = Factory.Services.CreateAsyncScope();
        await sweep.ServiceProvider.GetRequiredService<WorkflowInstances>().FireDueTimersAsync(10_000, CancellationToken.None);
    }

    public static object Application(string title, decimal funding = 1000m, bool wholeDistrict = true, string[]? communities = null, bool urgent = false,
        string? neededBy = null, string description = "每月报送入户走访记录", decimal hoursPerMonth = 5m) => new
    {
        title,
        description,
        category = "FormLedger",
        legalBasis = "《测试条例》第十条",
        wholeDistrict,
        targetCommunities = communities ?? [],
        startDate = "2026-12-31",
        durationMonths = 12,
        workloadHoursPerMonth = hoursPerMonth,
        formsAndLedgers = new[] { new { name = "走访台账", frequency = "每月", dataAlreadyShared = false } },
        fundingPerCommunity = funding,
        supportPersonnel = "派驻一名联络员",
        supportTraining = "开展一次培训",
        supportGuidance = "提供操作手册",
        urgent,
        urgencyJustification = urgent ? "防汛紧急排查" : null,
        neededBy,
    };

    /// <summary>Part of the 2025 schedule, entered through the office API (the tests only cross December 2025).</summary>
    public const string Calendar2025 =
        """
        {"year":2025,"source":"国务院办公厅关于2025年部分节假日安排的通知(国办发明电〔2024〕12号)","days":[
        {"date":"2025-01-01","kind":"holiday","nameZh":"元旦","nameEn":"New Year's Day"},
        {"date":"2025-01-26","kind":"makeUpWorkday","nameZh":"春节调休上班","nameEn":"Make-up working day"},
        {"date":"2025-01-28","kind":"holiday","nameZh":"春节","nameEn":"Spring Festival"},
        {"date":"2025-01-29","kind":"holiday","nameZh":"春节","nameEn":"Spring Festival"},
        {"date":"2025-01-30","kind":"holiday","nameZh":"春节","nameEn":"Spring Festival"},
        {"date":"2025-01-31","kind":"holiday","nameZh":"春节","nameEn":"Spring Festival"},
        {"date":"2025-02-03","kind":"holiday","nameZh":"春节","nameEn":"Spring Festival"},
        {"date":"2025-02-04","kind":"holiday","nameZh":"春节","nameEn":"Spring Festival"},
        {"date":"2025-02-08","kind":"makeUpWorkday","nameZh":"春节调休上班","nameEn":"Make-up working day"},
        {"date":"2025-10-01","kind":"holiday","nameZh":"国庆节","nameEn":"National Day"}]}
        """;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
