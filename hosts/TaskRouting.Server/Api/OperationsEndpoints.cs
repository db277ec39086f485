using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using TaskRouting.Messaging;
using TaskRouting.Messaging.DeadLetters;
using TaskRouting.Messaging.Outbox;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;
using TaskRouting.Server.Data;
using TaskRouting.Server.Hosting;
using TaskRouting.Streets;
using TaskRouting.Streets.Data;

namespace TaskRouting.Server.Api;

/// <summary>
/// What operators watch on the bus: queue depths (RabbitMQ), messages waiting in each side's outbox, dead letters per
/// side and queue, and replaying a dead letter to the queue it failed on (audited). The street side is the in-process
/// gateway's; a standalone gateway keeps its own.
/// </summary>
internal static class OperationsEndpoints
{
    /// <summary>The central endpoints' queues (their consumer definitions name them).</summary>
    private static readonly string[] CentralQueues = ["central-votes", "central-dispatch-answers", "central-violations"];

    public sealed record QueueDepth(string Name, long? Messages, long? Consumers, string? Problem);

    public sealed record SideStatus(string Side, int OutboxPending, IReadOnlyDictionary<string, int> DeadLetters);

    public sealed record MessagingStatus(string Transport, IReadOnlyList<QueueDepth> Queues, IReadOnlyList<SideStatus> Sides);

    /// <summary>Messages the relay sent in one minute (UTC minute start), per side.</summary>
    public sealed record ThroughputMinute(DateTimeOffset Minute, IReadOnlyDictionary<string, int> Sent);

    public sealed record Throughput(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ThroughputMinute> Minutes);

    /// <summary>Sent outbox rows read per side for the throughput chart; beyond this many in the window the oldest are left out.</summary>
    private const int ThroughputRows = 20_000;

    public static RouteGroupBuilder MapOperations(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/operations").WithTags("Operations").RequireAuthorization(Policies.Operator);
        group.MapGet("/messaging", StatusAsync);
        group.MapGet("/messaging/throughput", ThroughputAsync);
        group.MapGet("/dead-letters/{side}", ListAsync);
        group.MapPost("/dead-letters/{side}/{id:guid}/replay", ReplayAsync);
        return group;
    }

    private static async Task<IResult> StatusAsync(HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        var gateway = ServerHostingExtensions.InProcessGateway(http.RequestServices.GetRequiredService<IConfiguration>());
        var sides = new List<SideStatus> { await SideAsync("central", services.GetRequiredService<TaskRoutingDbContext>(), services.GetRequiredService<DeadLetters<TaskRoutingDbContext>>(), ct) };
        var queues = CentralQueues.ToList();
        if (gateway)
        {
            sides.Add(await SideAsync("streets", services.GetRequiredService<StreetsDbContext>(), services.GetRequiredService<DeadLetters<StreetsDbContext>>(), ct));
            queues.Add(services.GetRequiredService<IOptions<StreetsOptions>>().Value.ResolvedQueueName);
        }

        var messaging = services.GetMessagingOptions();
        var depths = messaging.Transport == TaskRouting.Messaging.MessageTransport.RabbitMq
            ? await DepthsAsync(new Uri(messaging.RabbitMqUri!), queues, ct)
            : queues.Select(q => new QueueDepth(q, null, null, "内存传输不计队列深度 / the in-memory transport keeps no queue depth")).ToList();
        return TypedResults.Ok(new MessagingStatus(messaging.Transport.ToString(), depths, sides));
    }

    /// <summary>Outbox rows sent per minute over the last <paramref name="minutes"/> minutes (default 60), per side, oldest minute first.</summary>
    private static async Task<IResult> ThroughputAsync(int? minutes, HttpContext http, TimeProvider time, CancellationToken ct)
    {
        if (minutes is < 5 or > 1440)
        {
            return new FieldErrors().Add("minutes", "分钟数须在 5–1440 之间 / minutes must be 5–1440").ToProblem();
        }

        var services = http.RequestServices;
        var now = time.GetUtcNow();
        var end = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1);
        var start = end.AddMinutes(-(minutes ?? 60));
        var sides = new Dictionary<string, List<DateTimeOffset>>(StringComparer.Ordinal)
        {
            ["central"] = await SentAsync(services.GetRequiredService<TaskRoutingDbContext>(), start, ct),
        };
        if (ServerHostingExtensions.InProcessGateway(services.GetRequiredService<IConfiguration>()))
        {
            sides["streets"] = await SentAsync(services.GetRequiredService<StreetsDbContext>(), start, ct);
        }

        var buckets = Enumerable.Range(0, minutes ?? 60).Select(i => start.AddMinutes(i)).Select(minute => new ThroughputMinute(minute,
            sides.ToDictionary(s => s.Key, s => s.Value.Count(t => t >= minute && t < minute.AddMinutes(1))))).ToList();
        return TypedResults.Ok(new Throughput(start, end, buckets));
    }

    /// <summary>When each recent row was sent (newest rows first by id, which follows insertion order), from <paramref name="start"/> on.</summary>
    private static async Task<List<DateTimeOffset>> SentAsync(DbContext db, DateTimeOffset start, CancellationToken ct)
    {
        var sent = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.SentAt != null).OrderByDescending(m => m.Id).Take(ThroughputRows)
            .Select(m => m.SentAt!.Value).ToListAsync(ct);
        return sent.Where(t => t >= start).ToList();
    }

    private static async Task<SideStatus> SideAsync<TContext>(string side, TContext db, DeadLetters<TContext> letters, CancellationToken ct)
        where TContext : DbContext =>
        new(side, await db.Set<OutboxMessage>().CountAsync(m => m.SentAt == null, ct), await letters.CountsAsync(ct));

    /// <summary>Each queue's depth and consumers by a passive declare (it never creates a queue).</summary>
    private static async Task<List<QueueDepth>> DepthsAsync(Uri broker, IReadOnlyList<string> queues, CancellationToken ct)
    {
        var depths = new List<QueueDepth>();
        try
        {
            var factory = new ConnectionFactory { Uri = broker, RequestedConnectionTimeout = TimeSpan.FromSeconds(5) };
            await using var connection = await factory.CreateConnectionAsync("taskrouting-operations", ct);
            foreach (var queue in queues)
            {
                // A missing queue closes the channel: one channel per queue.
                await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
                try
                {
                    var ok = await channel.QueueDeclarePassiveAsync(queue, ct);
                    depths.Add(new QueueDepth(queue, ok.MessageCount, ok.ConsumerCount, null));
                }
                catch (OperationInterruptedException ex)
                {
                    depths.Add(new QueueDepth(queue, null, null, $"队列不存在或不可读 / the queue does not exist or cannot be read: {ex.Message}"));
                }
            }
        }
        catch (BrokerUnreachableException ex)
        {
            return queues.Select(q => new QueueDepth(q, null, null, $"消息代理不可达 / the broker cannot be reached: {ex.Message}")).ToList();
        }

        return depths;
    }

    private static async Task<IResult> ListAsync(string side, bool? includeReplayed, int? take, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (take is < 1 or > 1000)
        {
            errors.Add("take", "每次 1–1000 条 / take must be 1–1000");
        }

        return Side(side, http) switch
        {
            _ when errors.Any => errors.ToProblem(),
            "central" => TypedResults.Ok(await http.RequestServices.GetRequiredService<DeadLetters<TaskRoutingDbContext>>().ListAsync(includeReplayed == true, take ?? 100, ct)),
            "streets" => TypedResults.Ok(await http.RequestServices.GetRequiredService<DeadLetters<StreetsDbContext>>().ListAsync(includeReplayed == true, take ?? 100, ct)),
            _ => UnknownSide(side),
        };
    }

    private static Task<IResult> ReplayAsync(string side, Guid id, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        Side(side, http) switch
        {
            "central" => ReplayOnAsync(http.RequestServices.GetRequiredService<TaskRoutingDbContext>(), http.RequestServices.GetRequiredService<DeadLetters<TaskRoutingDbContext>>(), side, id, user, http, ct),
            "streets" => ReplayOnAsync(http.RequestServices.GetRequiredService<StreetsDbContext>(), http.RequestServices.GetRequiredService<DeadLetters<StreetsDbContext>>(), side, id, user, http, ct),
            _ => Task.FromResult(UnknownSide(side)),
        };

    private static async Task<IResult> ReplayOnAsync<TContext>(TContext db, DeadLetters<TContext> letters, string side, Guid id, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
        where TContext : DbContext
    {
        var actor = Actor.FromPrincipal(user);
        DeadLetterView? replayed;
        try
        {
            replayed = await letters.ReplayAsync(id, actor.Name, ct);
        }
        catch (InvalidOperationException ex)
        {
            return ApiProblems.Conflict(ex.Message);
        }

        if (replayed is null)
        {
            return ApiProblems.NotFound($"没有死信 {id} / There is no dead letter {id}");
        }

        var audit = http.RequestServices.GetRequiredService<AuditTrail>();
        audit.Record(db, actor, "dead-letter.replayed", "dead-letter", id.ToString(), new { replayed = false }, new { replayed = true, side, replayed.Queue, replayed.MessageId }, null);
        await audit.SaveChangesAsync(db, ct);
        return TypedResults.Ok(replayed);
    }

    /// <summary>"central", or "streets" when this server runs the gateway; anything else is null.</summary>
    private static string? Side(string side, HttpContext http) => side switch
    {
        "central" => side,
        "streets" when ServerHostingExtensions.InProcessGateway(http.RequestServices.GetRequiredService<IConfiguration>()) => side,
        _ => null,
    };

    private static IResult UnknownSide(string side) =>
        new FieldErrors().Add("side", $"没有 {side} 这一侧:central 或 streets(进程内街道子系统)/ No side {side}: central, or streets (the in-process gateway)").ToProblem();
}
