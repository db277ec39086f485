using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TaskRouting.Activities.Escalation;
using TaskRouting.Server.Data;
using TaskRouting.Server.IntegrationTests.Infrastructure;
using TaskRouting.Server.IntegrationTests.Studio;
using TaskRouting.Streets.Data;

namespace TaskRouting.Server.IntegrationTests.Portal;

/// <summary>
/// One server process on the embedded default (SQLite, in-memory bus, the demo district and its accounts) and Chromium
/// driven by Playwright, shared by the street, supervisor and operator desk page tests.
/// </summary>
public sealed class DeskPagesFixture : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "tr-desks-" + Guid.NewGuid().ToString("N")[..8]);
    private ServerProcess? _server;
    private IPlaywright? _playwright;
    private JsonArray? _accounts;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl => $"http://127.0.0.1:{_server!.Port}";

    public async Task InitializeAsync()
    {
        _server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_CONTENTROOT"] = Path.Combine(TestEnvironment.RepositoryRoot, "hosts", "TaskRouting.Server"),
            ["TaskRouting__DataDirectory"] = _data,
        });
        Assert.True(await _server.WaitForReadyAsync(TimeSpan.FromSeconds(60)), _server.StandardOutput + _server.StandardError);
        _accounts = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_data, "demo-credentials.json")))!["accounts"]!.AsArray();
        Directory.CreateDirectory(StudioFixture.Screenshots);
        // A desk's first load reads several APIs of a server that has just started (first queries, JIT): allow for it.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    /// <summary>A browser context signed in as the demo account of a role (Chinese unless <paramref name="english"/>).</summary>
    public async Task<IBrowserContext> SignInAsync(string role, int width = 1280, int height = 900, bool english = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        if (english)
        {
            await context.AddInitScriptAsync("localStorage.setItem('tr.lang', 'en');");
        }

        var account = _accounts!.Single(a => a!["role"]!.GetValue<string>() == role)!;
        var login = await context.APIRequest.PostAsync("/api/auth/login", new APIRequestContextOptions
        {
            DataObject = new { userName = account["userName"]!.GetValue<string>(), password = account["password"]!.GetValue<string>() },
        });
        Assert.Equal(200, login.Status);
        return context;
    }

    /// <summary>A browser context nobody signed in to.</summary>
    public Task<IBrowserContext> AnonymousAsync() =>
        Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "zh-CN" });

    /// <summary>The server's own SQLite database, for the alerts the scheduled jobs would raise over days.</summary>
    internal SqliteTaskRoutingDbContext Database() =>
        new(new DbContextOptionsBuilder<SqliteTaskRoutingDbContext>().UseSqlite($"Data Source={Path.Combine(_data, "taskrouting.db")};Default Timeout=30").Options);

    /// <summary>Raises an escalation to the demo district's supervisor, as an overdue workflow deadline would.</summary>
    /// <summary>Writes a dead letter into the central side's table, as its dead-letter filter does when a message fails for good.</summary>
    internal async Task<Guid> AddDeadLetterAsync(string messageType, string error)
    {
        await using var db = Database();
        var letter = new TaskRouting.Messaging.DeadLetters.DeadLetter
        {
            Id = Guid.NewGuid(), MessageId = Guid.NewGuid(), MessageType = messageType, Queue = "central-dispatch-answers", Body = "{}", Error = error,
            FailedAt = TimeProvider.System.GetUtcNow(),
        };
        db.Add(letter);
        await db.SaveChangesAsync();
        return letter.Id;
    }

    internal async Task<Alert> RaiseSupervisorAlertAsync(string zh, string en, DateTimeOffset? dueAt)
    {
        await using var db = Database();
        var now = TimeProvider.System.GetUtcNow();
        var alert = new Alert
        {
            Id = Guid.NewGuid(), Key = $"review-overdue:{Guid.NewGuid()}", District = "370299", Kind = AlertKind.Escalation, TargetRole = "supervisor",
            TargetScope = "370299", TextZh = zh, TextEn = en, CreatedAt = now, DueAt = dueAt,
        };
        db.Add(alert);
        await db.SaveChangesAsync();
        return alert;
    }

    /// <summary>
    /// A vote request and a dispatched task in the demo community's inbox, as the gateway stores them when they arrive
    /// from the central side (the in-process gateway keeps its tables in the same SQLite file).
    /// </summary>
    internal async Task<(Guid VoteRequestId, Guid DispatchId)> SeedCommunityInboxAsync(string title)
    {
        await using var db = new SqliteStreetsDbContext(new DbContextOptionsBuilder<SqliteStreetsDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_data, "taskrouting.db")};Default Timeout=30").Options);
        var now = TimeProvider.System.GetUtcNow();
        var ballot = new Ballot
        {
            VoteRequestId = Guid.NewGuid(), ApplicationId = Guid.NewGuid(), District = "370299", Street = "370299001", VoterCode = "370299001001",
            Department = "370299-MZ", Title = title, Description = "每月报送一次独居老人走访记录", WorkloadHoursPerMonth = 6, FundingPerCommunity = 2000,
            Deadline = now.AddDays(3), RequestedAt = now, ReceivedAt = now,
        };
        var task = new ReceivedTask
        {
            DispatchId = Guid.NewGuid(), ApplicationId = Guid.NewGuid(), AdmissionNumber = "370299-2026-H2-001", District = "370299", Street = "370299001",
            Community = "370299001001", Department = "370299-MZ", Title = title + "(下派)", Description = "按月填报", WorkloadHoursPerMonth = 4, Funding = 1500,
            AcknowledgeBy = now.AddDays(2), DispatchedAt = now, ReceivedAt = now, Status = ReceivedTaskStatus.Received,
        };
        db.AddRange(ballot, task);
        await db.SaveChangesAsync();
        return (ballot.VoteRequestId, task.DispatchId);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the stopping server: the temp folder is cleaned by the OS.
        }
    }

    /// <summary>Takes a full-page screenshot named portal-&lt;name&gt;.png into the artifacts folder.</summary>
    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(StudioFixture.Screenshots, $"portal-{name}.png"), FullPage = true });

    /// <summary>True when the page scrolls sideways (it should not, at any width).</summary>
    public static Task<bool> OverflowsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
}

[CollectionDefinition(Name)]
public sealed class DeskPagesCollection : ICollectionFixture<DeskPagesFixture>
{
    public const string Name = "portal desk pages";
}
