using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Server.Data;
using TaskRouting.Server.Hosting;

namespace TaskRouting.Bench;

/// <summary>
/// The department's application status API (<c>GET /api/applications/{id}/status</c>) and its page
/// (<c>GET /portal/department</c>, when the build has it) under an open-loop load: the real server in this process on a
/// database of its own holding 100,000 applications of 20 departments in realistic stages with their history, and a
/// department user authenticating with an API key. Requests are scheduled every 1/rate s whatever the server does,
/// and each latency runs from the request's scheduled time, so a slow server cannot slow the load down (no
/// coordinated omission). Goal: p99 under 50 ms at 200 requests/s (median over the runs).
/// </summary>
internal static class StatusBench
{
    private const double GoalP99Ms = 50;
    private const int Departments = 20;
    private const int Streets = 10;
    private const int CommunitiesPerStreet = 10;
    private const string PagePath = "/portal/department";

    /// <summary>Where applications are in their lifecycle (weights in percent) and how many history lines one at that stage has (±1).</summary>
    private static readonly (ApplicationStage Stage, int Weight, int Events)[] Mix =
    [
        (ApplicationStage.Draft, 3, 2), (ApplicationStage.Screening, 5, 3), (ApplicationStage.Queued, 8, 4), (ApplicationStage.Review, 5, 5),
        (ApplicationStage.Voting, 6, 6), (ApplicationStage.Committee, 3, 7), (ApplicationStage.EmergencyApproval, 1, 4), (ApplicationStage.Funding, 4, 7),
        (ApplicationStage.Dispatch, 5, 8), (ApplicationStage.Inspection, 10, 8), (ApplicationStage.Correction, 2, 9), (ApplicationStage.Completed, 30, 8),
        (ApplicationStage.Refused, 6, 5), (ApplicationStage.Returned, 5, 4), (ApplicationStage.Withdrawn, 3, 4), (ApplicationStage.Lapsed, 2, 7),
        (ApplicationStage.Cancelled, 2, 6),
    ];

    /// <summary>The way an application goes, in order; its history lines walk along it up to its stage.</summary>
    private static readonly (ApplicationStage Stage, string Kind, string Zh, string En)[] Journey =
    [
        (ApplicationStage.Draft, "created", "部门填写申请(草稿)", "The department drafted the application"),
        (ApplicationStage.Screening, "submitted", "部门提交申请", "The department submitted the application"),
        (ApplicationStage.Queued, "screened", "办公室初审通过,不在负面清单内,进入本期评审批次", "The office screened the application: not on the negative list, queued for this window"),
        (ApplicationStage.Review, "window-opened", "评审窗口开启,申请进入评审", "The review window opened; the application is under review"),
        (ApplicationStage.Voting, "reviewed", "评审意见:工作量可控,建议交街道社区表决", "Review: the workload is manageable; put to the streets' and communities' vote"),
        (ApplicationStage.Voting, "vote-cast", "社区投票:同意(理由:与社区现有工作衔接)", "A community voted yes (reason: it fits the community's current work)"),
        (ApplicationStage.Committee, "tallied", "表决结果:同意 8,反对 1,弃权 1", "Vote result: 8 yes, 1 no, 1 abstention"),
        (ApplicationStage.Funding, "approved", "指导委员会批准准入,等待部门确认经费", "The committee admitted the item; waiting for the department to confirm funding"),
        (ApplicationStage.Dispatch, "funded", "部门确认经费已到位", "The department confirmed the funds"),
        (ApplicationStage.Inspection, "dispatched", "已下派至目标社区,社区已签收", "Dispatched to the target communities; the communities acknowledged"),
        (ApplicationStage.Correction, "inspected", "督查发现台账不完整,限期整改", "Inspection found incomplete ledgers; correction due"),
        (ApplicationStage.Completed, "completed", "事项完成,督查通过", "The item is complete; inspection passed"),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var applications = Option(args, "--applications", 100_000);
        var rate = Option(args, "--rate", 200);
        var seconds = Option(args, "--seconds", 30);
        var runs = Option(args, "--runs", 3);
        // Leaves the database behind for EXPLAIN ANALYZE of the endpoint's queries (dropped otherwise).
        var keep = args.Contains("--keep-database");
        var postgres = Environment.GetEnvironmentVariable("TASKROUTING_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("TASKROUTING_TEST_POSTGRES");
        if (string.IsNullOrEmpty(postgres))
        {
            Console.Error.WriteLine("Set TASKROUTING_BENCH_POSTGRES (or TASKROUTING_TEST_POSTGRES, e.g. source /tmp/taskrouting-services/env.sh): a PostgreSQL server it may create databases on");
            return 2;
        }

        var name = "tr_status_" + Guid.NewGuid().ToString("N")[..10];
        await ExecuteAsync(postgres, $"CREATE DATABASE {name}");
        var connectionString = new NpgsqlConnectionStringBuilder(postgres) { Database = name, MaxPoolSize = 40 }.ConnectionString;
        var data = Directory.CreateTempSubdirectory("tr-status-");
        try
        {
            Console.WriteLine("benchmark: department application status API and page, open-loop load (latency from each request's scheduled time)");
            Console.WriteLine(Machine.Describe());
            Console.WriteLine("note: the load client, the server (in this process) and PostgreSQL share this machine's cores; " + LoadAverage());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"settings: {applications} applications in {Departments} departments; {rate} requests/s for {seconds} s; {runs} runs; PostgreSQL database {name}; in-memory bus, Hangfire server off, ASP.NET Core environment Production"));
            await using var app = await StartServerAsync(connectionString, data.FullName);
            var seed = Stopwatch.StartNew();
            var (owned, foreign, events) = await SeedAsync(connectionString, applications);
            var key = await IssueKeyAsync(app.Services);
            await ExecuteAsync(connectionString, "ANALYZE");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seeded: {applications} applications with {events} history lines (binary COPY) and ANALYZE in {seed.Elapsed.TotalSeconds:0.0} s; the department DX-D01 owns {owned.Length}; user bench-dept with an API key"));

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                MaxConnectionsPerServer = int.MaxValue,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
            })
            {
                BaseAddress = new Uri(address),
                Timeout = TimeSpan.FromSeconds(10),
            };
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"ApiKey {key}");

            // Scope check: the department reads its own applications and no other department's.
            var own = await http.GetAsync($"/api/applications/{owned[0]}/status");
            var other = await http.GetAsync($"/api/applications/{foreign}/status");
            if (own.StatusCode != HttpStatusCode.OK || other.StatusCode != HttpStatusCode.NotFound)
            {
                Console.WriteLine($"scope check failed: own application {(int)own.StatusCode}, another department's {(int)other.StatusCode} (expected 200 and 404)");
                return 1;
            }

            // Another portal page (public) answering 200 shows the static pages are served, so a 404 means the page is absent.
            var notices = await http.GetAsync("/notices");
            var page = await http.GetAsync(PagePath);
            var pagePresent = page.StatusCode != HttpStatusCode.NotFound;
            Console.WriteLine(pagePresent
                ? $"page {PagePath}: present ({(int)page.StatusCode}, {page.Content.Headers.ContentType})"
                : $"page {PagePath}: NOT present in this build (404, while /notices answers {(int)notices.StatusCode}); only the API is measured");

            var targets = new List<(string Name, Func<Random, string> Path)>
            {
                ("API GET /api/applications/{id}/status", r => $"/api/applications/{owned[r.Next(owned.Length)]}/status"),
            };
            if (pagePresent)
            {
                targets.Add(($"page GET {PagePath}", _ => PagePath));
            }

            var warmUp = Stopwatch.StartNew();
            foreach (var target in targets)
            {
                await LoadAsync(http, target.Path, rate, Math.Min(5, seconds));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {Math.Min(5, seconds)} s at {rate}/s per target, not counted ({warmUp.Elapsed.TotalSeconds:0.0} s)"));

            // What the server's background services (outbox relay, webhook dispatcher, timers) cost with no requests,
            // after the warm-up so that JIT compilation and the seeding's garbage are not counted.
            var idleCpu = Process.GetCurrentProcess().TotalProcessorTime;
            await Task.Delay(TimeSpan.FromSeconds(3));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"idle: this process {(Process.GetCurrentProcess().TotalProcessorTime - idleCpu).TotalSeconds / 3 * 100:0}% of a core over 3 s without requests"));

            var failed = false;
            foreach (var target in targets)
            {
                var p99s = new List<double>();
                Console.WriteLine(target.Name + ":");
                for (var run = 1; run <= runs; run++)
                {
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var result = await LoadAsync(http, target.Path, rate, seconds);
                    var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / result.Elapsed;
                    p99s.Add(result.P99);
                    failed |= result.Errors > 0;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  run {run}: {result.Requests} requests, {result.Errors} errors{result.ErrorDetail}, p50 {result.P50:0.0} ms, p90 {result.P90:0.0} ms, p99 {result.P99:0.0} ms, max {result.Max:0.0} ms; " +
                        $"sent {result.Requests / result.Elapsed:0} req/s, send lag p99 {result.LagP99:0.0} ms max {result.LagMax:0.0} ms; this process {used * 100:0}% of a core; {LoadAverage()}"));
                }

                var median = Median(p99s);
                var met = median < GoalP99Ms;
                failed |= !met;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  median p99 of {runs} runs: {median:0.0} ms (runs {string.Join(", ", p99s.Select(p => p.ToString("0.0", CultureInfo.InvariantCulture)))}); goal p99 < {GoalP99Ms:0} ms at {rate} req/s: {(met ? "met" : "NOT met")}"));
            }

            if (!pagePresent)
            {
                Console.WriteLine($"page {PagePath}: not measured (not present in this build)");
            }

            await app.StopAsync();
            return failed ? 1 : 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (keep)
            {
                Console.WriteLine($"database {name} kept (--keep-database); drop it with DROP DATABASE {name}");
            }
            else
            {
                await ExecuteAsync(postgres, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            }

            data.Delete(recursive: true);
        }
    }

    private sealed record LoadResult(int Requests, int Errors, string ErrorDetail, double P50, double P90, double P99, double Max, double LagP99, double LagMax, double Elapsed);

    /// <summary>
    /// Open loop: request i is due at start + i/rate. A dedicated thread hands each due request to the thread pool and
    /// sleeps 1 ms between checks; the latency of a request is measured from when it was due, so time spent waiting
    /// for the scheduler, the thread pool, a connection or the server all counts.
    /// </summary>
    private static async Task<LoadResult> LoadAsync(HttpClient http, Func<Random, string> path, int rate, int seconds)
    {
        var total = rate * seconds;
        var latencies = new double[total];
        var lags = new double[total];
        var statuses = new int[total];
        var tasks = new Task[total];
        var random = new Random(total);
        var paths = Enumerable.Range(0, total).Select(_ => path(random)).ToArray();
        var interval = Stopwatch.Frequency / (double)rate;
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 20);
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = new Thread(() =>
        {
            for (var i = 0; i < total; i++)
            {
                var due = start + (long)(i * interval);
                while (Stopwatch.GetTimestamp() < due)
                {
                    Thread.Sleep(1);
                }

                lags[i] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
                var index = i;
                tasks[i] = Task.Run(() => SendAsync(http, paths[index], due, index, latencies, statuses));
            }

            sent.SetResult();
        }) { IsBackground = true, Name = "open-loop scheduler", Priority = ThreadPriority.AboveNormal };
        scheduler.Start();
        await sent.Task;
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var errors = statuses.Count(s => s is < 200 or > 299);
        var detail = errors == 0 ? "" : " (" + string.Join(", ", statuses.Where(s => s is < 200 or > 299).GroupBy(s => s).Select(g => $"{(g.Key == 0 ? "exception/timeout" : g.Key.ToString(CultureInfo.InvariantCulture))}: {g.Count()}")) + ")";
        return new(total, errors, detail, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 90), Stats.Percentile(latencies, 99), latencies.Max(),
            Stats.Percentile(lags, 99), lags.Max(), (double)total / rate);
    }

    private static async Task SendAsync(HttpClient http, string path, long due, int index, double[] latencies, int[] statuses)
    {
        try
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            statuses[index] = (int)response.StatusCode;
        }
        catch (Exception)
        {
            statuses[index] = 0;
        }

        latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
    }

    /// <summary>The real server, in this process, on the bench's database: embedded mode's in-memory bus (no broker needed), Hangfire server off.</summary>
    private static async Task<WebApplication> StartServerAsync(string connectionString, string dataDirectory)
    {
        // The server's pages are static files under its wwwroot, which the bench's output folder does not hold.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory, WebRootPath = ServerWebRoot(),
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // TaskRouting:Mode=Production insists on RabbitMQ; the status read touches no broker, so the bench runs the
            // production environment with PostgreSQL storage and the in-memory bus.
            ["TaskRouting:Mode"] = "Embedded",
            ["TaskRouting:DataDirectory"] = dataDirectory,
            ["TaskRouting:Storage:Provider"] = "PostgreSql",
            ["TaskRouting:Storage:ConnectionString"] = connectionString,
            ["TaskRouting:Messaging:Transport"] = "InMemory",
            ["TaskRouting:Jobs:RunServer"] = "false",
            ["TaskRouting:Security:RequireHttpsCookies"] = "false",
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "None",
            ["urls"] = "http://127.0.0.1:0",
        });
        builder.AddTaskRoutingServer();
        var app = builder.Build();
        app.MapTaskRoutingServer();
        await app.StartAsync();
        return app;
    }

    /// <summary>
    /// District DX, 20 departments, 10 streets of 10 communities, N applications spread over the departments in the
    /// stages of <see cref="Mix"/>, and their history lines, all by binary COPY into the server's tables. History lines
    /// are written in rounds (every application's first line, then every second line…), as they accumulate in
    /// production, so one application's lines lie on different pages rather than side by side.
    /// Returns the ids department DX-D01 owns, one id of another department, and the number of history lines.
    /// </summary>
    private static async Task<(Guid[] Owned, Guid Foreign, long Events)> SeedAsync(string connectionString, int count)
    {
        var random = new Random(20261201);
        var now = TimeProvider.System.GetUtcNow();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand(
            """INSERT INTO districts ("Code", "NameZh", "NameEn", "CreatedAt") VALUES ('DX', '压测区', 'Bench district', now())""", connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync("""COPY departments ("Code", "DistrictCode", "NameZh", "NameEn", "CreatedAt") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var d = 1; d <= Departments; d++)
            {
                await copy.WriteRowAsync(default, DepartmentCode(d), "DX", $"压测部门 {d}", $"Bench department {d}", now);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync("""COPY streets ("Code", "DistrictCode", "NameZh", "NameEn", "CreatedAt") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var s = 1; s <= Streets; s++)
            {
                await copy.WriteRowAsync(default, $"DX{s:00}", "DX", $"压测街道 {s}", $"Bench street {s}", now);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync("""COPY communities ("Code", "DistrictCode", "StreetCode", "NameZh", "NameEn", "CreatedAt") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var s = 1; s <= Streets; s++)
            {
                for (var c = 1; c <= CommunitiesPerStreet; c++)
                {
                    await copy.WriteRowAsync(default, $"DX{s:00}{c:00}", "DX", $"DX{s:00}", $"压测社区 {s}-{c}", $"Bench community {s}-{c}", now);
                }
            }

            await copy.CompleteAsync();
        }

        var weights = Mix.Sum(m => m.Weight);
        var apps = new (Guid Id, int Department, ApplicationStage Stage, int Events, DateTimeOffset Created)[count];
        for (var i = 0; i < count; i++)
        {
            var pick = random.Next(weights);
            var m = 0;
            while (pick >= Mix[m].Weight)
            {
                pick -= Mix[m].Weight;
                m++;
            }

            var events = Math.Max(1, Mix[m].Events + random.Next(-1, 2));
            apps[i] = (Guid.NewGuid(), (i % Departments) + 1, Mix[m].Stage, events, now.AddMinutes(-random.Next(1, 2 * 365 * 24 * 60)));
        }

        const string columns = """
            "Id", "District", "Department", "Title", "Description", "Category", "LegalBasis", "WholeDistrict", "TargetStreets", "TargetCommunities",
            "StartDate", "DurationMonths", "WorkloadHoursPerMonth", "FormsAndLedgers", "FundingPerCommunity", "SupportPersonnel", "SupportTraining",
            "SupportGuidance", "Urgent", "UrgencyJustification", "NeededBy", "Stage", "StageSince", "WaitingForZh", "WaitingForEn", "WaitingUntil",
            "Decision", "DecisionReason", "DecisionReference", "BurdenFlagged", "BurdenDetail", "WorkflowInstanceId", "AdmissionNumber", "CreatedBy",
            "CreatedAt", "SubmittedAt", "UpdatedAt", "Revision"
            """;
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY adm_applications ({columns}) FROM STDIN (FORMAT BINARY)"))
        {
            var categories = Enum.GetValues<ApplicationCategory>();
            for (var i = 0; i < count; i++)
            {
                var (id, department, stage, events, created) = apps[i];
                var street = $"DX{(i % Streets) + 1:00}";
                var submitted = stage != ApplicationStage.Draft;
                var admitted = stage is >= ApplicationStage.Funding and <= ApplicationStage.Completed;
                var waiting = stage is ApplicationStage.Screening or ApplicationStage.Queued or ApplicationStage.Review or ApplicationStage.Voting
                    or ApplicationStage.Committee or ApplicationStage.Funding or ApplicationStage.Correction;
                var decided = stage is >= ApplicationStage.Funding;
                var stageSince = created.AddDays(Math.Min(events * 3, 300));
                await copy.StartRowAsync();
                await copy.WriteAsync(id, NpgsqlDbType.Uuid);
                await copy.WriteAsync("DX", NpgsqlDbType.Varchar);
                await copy.WriteAsync(DepartmentCode(department), NpgsqlDbType.Varchar);
                await copy.WriteAsync($"压测事项 {i}:社区居民信息采集与台账更新", NpgsqlDbType.Varchar);
                await copy.WriteAsync("请各社区按季度采集辖区居民基本信息,更新纸质及电子台账,并于每季度末报送区部门。Communities collect residents' basic data quarterly, update the paper and electronic ledgers and report to the department at the end of each quarter.", NpgsqlDbType.Varchar);
                await copy.WriteAsync(categories[i % categories.Length].ToString(), NpgsqlDbType.Varchar);
                await copy.WriteAsync("《中华人民共和国城市居民委员会组织法》第三条", NpgsqlDbType.Varchar);
                await copy.WriteAsync(i % 10 == 0, NpgsqlDbType.Boolean);
                await copy.WriteAsync(i % 10 == 0 ? Array.Empty<string>() : new[] { street }, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await copy.WriteAsync(i % 10 == 0 ? Array.Empty<string>() : new[] { $"{street}01", $"{street}02", $"{street}03" }, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await copy.WriteAsync(DateOnly.FromDateTime(created.UtcDateTime).AddMonths(2), NpgsqlDbType.Date);
                await copy.WriteAsync(6 + (i % 7), NpgsqlDbType.Integer);
                await copy.WriteAsync(1.5m + (i % 5), NpgsqlDbType.Numeric);
                await copy.WriteAsync("""[{"Name":"居民信息台账","Frequency":"季度","DataAlreadyShared":false}]""", NpgsqlDbType.Jsonb);
                await copy.WriteAsync(500m + (i % 20 * 50), NpgsqlDbType.Numeric);
                await copy.WriteAsync("部门派专人联络 / a liaison from the department", NpgsqlDbType.Varchar);
                await copy.WriteNullAsync();
                await copy.WriteNullAsync();
                await copy.WriteAsync(stage == ApplicationStage.EmergencyApproval, NpgsqlDbType.Boolean);
                await WriteOrNullAsync(copy, stage == ApplicationStage.EmergencyApproval ? "上级部署的紧急任务 / an urgent task from above" : null);
                if (stage == ApplicationStage.EmergencyApproval)
                {
                    await copy.WriteAsync(DateOnly.FromDateTime(stageSince.UtcDateTime).AddDays(10), NpgsqlDbType.Date);
                }
                else
                {
                    await copy.WriteNullAsync();
                }

                await copy.WriteAsync(stage.ToString(), NpgsqlDbType.Varchar);
                await copy.WriteAsync(stageSince, NpgsqlDbType.TimestampTz);
                await WriteOrNullAsync(copy, waiting ? $"等待{stage}环节处理" : null);
                await WriteOrNullAsync(copy, waiting ? $"Waiting for the {stage} step" : null);
                if (waiting)
                {
                    await copy.WriteAsync(stageSince.AddDays(15), NpgsqlDbType.TimestampTz);
                }
                else
                {
                    await copy.WriteNullAsync();
                }

                await WriteOrNullAsync(copy, decided ? stage switch { ApplicationStage.Refused => "Refused", ApplicationStage.Returned => "Returned", ApplicationStage.Withdrawn => "Withdrawn", _ => "Approved" } : null);
                await WriteOrNullAsync(copy, decided ? "经评审和表决,该事项符合准入条件 / Reviewed and voted: the item meets the admission criteria" : null);
                await WriteOrNullAsync(copy, decided ? "准入清单 2026 版第 12 项 / duty list 2026, item 12" : null);
                await copy.WriteAsync(i % 17 == 0, NpgsqlDbType.Boolean);
                await WriteOrNullAsync(copy, i % 17 == 0 ? $"{street}01 每月 32 小时,超过上限 30 小时 / {street}01 at 32 h a month, over the 30 h cap" : null);
                await WriteOrNullAsync(copy, submitted ? Guid.NewGuid().ToString("N") : null);
                await WriteOrNullAsync(copy, admitted ? $"DX-{created.Year}-H{(created.Month <= 6 ? 1 : 2)}-{i:000000}" : null);
                await copy.WriteAsync($"dept-{department:00}-clerk", NpgsqlDbType.Varchar);
                await copy.WriteAsync(created, NpgsqlDbType.TimestampTz);
                if (submitted)
                {
                    await copy.WriteAsync(created.AddHours(2), NpgsqlDbType.TimestampTz);
                }
                else
                {
                    await copy.WriteNullAsync();
                }

                await copy.WriteAsync(stageSince, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync((long)events, NpgsqlDbType.Bigint);
            }

            await copy.CompleteAsync();
        }

        long written = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(
            """COPY adm_application_events ("ApplicationId", "District", "At", "Stage", "Kind", "Actor", "TextZh", "TextEn") FROM STDIN (FORMAT BINARY)"""))
        {
            var rounds = apps.Max(a => a.Events);
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (id, department, stage, events, created) in apps)
                {
                    if (round >= events)
                    {
                        continue;
                    }

                    // The line's step along the path, spread so the last line lands on the application's stage.
                    var reach = stage switch
                    {
                        ApplicationStage.Refused => ApplicationStage.Committee,
                        ApplicationStage.Returned or ApplicationStage.EmergencyApproval => ApplicationStage.Screening,
                        ApplicationStage.Withdrawn => ApplicationStage.Queued,
                        ApplicationStage.Lapsed => ApplicationStage.Funding,
                        ApplicationStage.Cancelled => ApplicationStage.Dispatch,
                        _ => stage,
                    };
                    var last = Math.Max(0, Array.FindLastIndex(Journey, p => p.Stage <= reach));
                    var step = events == 1 ? 0 : Math.Min(last, round * last / (events - 1));
                    var (lineStage, kind, zh, en) = round == events - 1 && reach != stage
                        ? (stage, stage.ToString().ToLowerInvariant(), $"申请进入{stage}阶段(理由见决定)", $"The application moved to {stage} (see the decision)")
                        : Journey[step];
                    await copy.WriteRowAsync(default, id, "DX", created.AddDays(round * 3), lineStage.ToString(), kind,
                        kind == "vote-cast" ? $"DX0{(round % 9) + 1}01-staff" : $"dept-{department:00}-clerk", zh, en);
                    written++;
                }
            }

            await copy.CompleteAsync();
        }

        var owned = apps.Where(a => a.Department == 1).Select(a => a.Id).ToArray();
        return (owned, apps.First(a => a.Department == 2).Id, written);
    }

    /// <summary>A department user of DX-D01 with an API key, created with the server's own context, key generator and audit trail.</summary>
    private static async Task<string> IssueKeyAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaskRoutingDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var account = new UserAccount
        {
            Id = Guid.NewGuid(), UserName = "bench-dept", DisplayName = "压测部门经办人 / Bench department clerk", Roles = [Role.Department],
            DistrictCode = "DX", DepartmentCode = DepartmentCode(1), CreatedAt = now,
        };
        db.Add(account);
        audit.Record(db, Actor.System, "user.created", "user", account.Id.ToString(), null, new { account.UserName, account.DistrictCode, account.DepartmentCode }, "DX");
        var (plain, prefix, hash) = ApiKeys.Create();
        db.Add(new ApiKey { Id = Guid.NewGuid(), UserId = account.Id, Prefix = prefix, Hash = hash, Name = "bench", CreatedAt = now });
        audit.Record(db, Actor.System, "user.credentials-issued", "user", account.Id.ToString(), null, new { account.UserName, apiKeyPrefix = prefix }, "DX");
        await audit.SaveChangesAsync(db, CancellationToken.None);
        return plain;
    }

    /// <summary>hosts/TaskRouting.Server/wwwroot of the checkout the bench was built from.</summary>
    private static string ServerWebRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var root = System.IO.Path.Combine(dir.FullName, "hosts", "TaskRouting.Server", "wwwroot");
            if (Directory.Exists(root))
            {
                return root;
            }
        }

        throw new DirectoryNotFoundException("hosts/TaskRouting.Server/wwwroot not found above " + AppContext.BaseDirectory);
    }

    private static string DepartmentCode(int d) => $"DX-D{d:00}";

    private static Task WriteOrNullAsync(NpgsqlBinaryImporter copy, string? value) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, NpgsqlDbType.Varchar);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? "load average " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "load average unknown";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}
