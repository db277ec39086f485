using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using TaskRouting.Activities.Approval;
using TaskRouting.Activities.Dispatch;
using TaskRouting.Activities.Funding;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Server.Data;
using TaskRouting.Server.IntegrationTests.Admission;

namespace TaskRouting.Server.IntegrationTests.Accountability;

/// <summary>
/// The burden dashboard on PostgreSQL: admitted items dispatched to communities (inserted as the lifecycle leaves them), funds
/// disbursed through the API at moved times, the baseline recorded by the office, scoping by role, exports and bad input.
/// </summary>
public sealed class BurdenDashboardTests(BurdenDashboardTests.Fixture server) : IClassFixture<BurdenDashboardTests.Fixture>
{
    /// <summary>
    /// District DX with three admitted items: A (forms, 2 forms, 10 h, March–May 2026) to DX01001, DX01002 (refused) and DX02001;
    /// B (certificate, 35 h, from April 2026 for 12 months) to DX01001; C (8 h, all of 2026) to DX01001 but revoked. DX01001 was paid
    /// 1,000 for A in December 2025 and 500 in April 2026; the clock then stands in April 2026.
    /// </summary>
    public sealed class Fixture : AdmissionFixture, IAsyncLifetime
    {
        public Guid ItemA { get; } = Guid.NewGuid();
        public Guid ItemB { get; } = Guid.NewGuid();
        public Guid ItemC { get; } = Guid.NewGuid();

        public new async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using (var scope = Factory.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TaskRoutingDbContext>();
                Admit(db, ItemA, "A", ApplicationCategory.FormLedger, 2, 10m, new DateOnly(2026, 3, 15), 3, PlanEntryStatus.InForce,
                    ("DX01001", DispatchStatus.Acknowledged), ("DX01002", DispatchStatus.Refused), ("DX02001", DispatchStatus.Dispatched));
                Admit(db, ItemB, "B", ApplicationCategory.Certificate, 0, 35m, new DateOnly(2026, 4, 1), 12, PlanEntryStatus.InForce,
                    ("DX01001", DispatchStatus.Completed));
                Admit(db, ItemC, "C", ApplicationCategory.Task, 1, 8m, new DateOnly(2026, 1, 1), 12, PlanEntryStatus.Revoked,
                    ("DX01001", DispatchStatus.Acknowledged));
                await db.SaveChangesAsync();
            }

            await DisburseAsync(1000m);
            await AdvanceToAsync("2026-04-10T10:00:00");
            await DisburseAsync(500m);
        }

        private async Task DisburseAsync(decimal amount)
        {
            var response = await (await As("dept")).PostAsJsonAsync($"/api/applications/{ItemA}/funding/disbursements",
                new { community = "DX01001", amount, note = "按月拨付" });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        private void Admit(TaskRoutingDbContext db, Guid id, string name, ApplicationCategory category, int forms, decimal hours, DateOnly start, int months,
            PlanEntryStatus status, params (string Community, DispatchStatus Status)[] dispatches)
        {
            var now = Time.GetUtcNow();
            var number = $"DX-2026-H1-{name}";
            db.Add(new Application
            {
                Id = id, District = District, Department = Department, Title = $"事项 {name}", Description = "测试事项", Category = category,
                LegalBasis = "《测试条例》", StartDate = start, DurationMonths = months, WorkloadHoursPerMonth = hours, FundingPerCommunity = 3000m,
                FormsAndLedgers = Enumerable.Range(1, forms).Select(i => new FormOrLedger { Name = $"台账 {name}{i}", Frequency = "每月" }).ToList(),
                TargetCommunities = dispatches.Select(d => d.Community).ToList(), Stage = ApplicationStage.Dispatch, AdmissionNumber = number,
                CreatedBy = "dept", CreatedAt = now, UpdatedAt = now,
            });
            db.Add(new PlanListEntry
            {
                Number = number, District = District, Year = 2026, Series = "H1", Sequence = name[0], ApplicationId = id, Title = $"事项 {name}",
                Department = Department, Category = category, WorkloadHoursPerMonth = hours, FundingPerCommunity = 3000m,
                Communities = dispatches.Select(d => d.Community).ToList(), StartDate = start, DurationMonths = months, AdmittedAt = now,
                ApprovedBy = "committee", Status = status, UpdatedAt = now,
            });
            foreach (var (community, dispatchStatus) in dispatches)
            {
                db.Add(new DispatchRecord
                {
                    DispatchId = Guid.NewGuid(), ApplicationId = id, CommunityCode = community, District = District, StreetCode = community[..4],
                    AdmissionNumber = number, Title = $"事项 {name}", Status = dispatchStatus, DispatchedAt = now, AcknowledgeBy = now.AddDays(3),
                });
                db.Add(new FundingLedgerEntry
                {
                    ApplicationId = id, CommunityCode = community, District = District, Department = Department, Pledged = 3000m, Confirmed = 3000m,
                    ConfirmedAt = now, UpdatedAt = now,
                });
            }
        }

        Task IAsyncLifetime.InitializeAsync() => InitializeAsync();
    }

    private static Task<JsonElement> Json(HttpResponseMessage response) => AdmissionFixture.Json(response);

    private async Task<JsonElement> ReadAsync(string user, string query = "from=2026-01&to=2026-06") =>
        await Json(await (await server.As(user)).GetAsync($"/api/burden?{query}"));

    private static JsonElement Cell(JsonElement report, string community, string month)
    {
        var row = report.GetProperty("communities").EnumerateArray().Single(c => c.GetProperty("code").GetString() == community);
        return row.GetProperty("months").EnumerateArray().Single(m => m.GetProperty("month").GetString() == month);
    }

    private static JsonElement Total(JsonElement report, string month) =>
        report.GetProperty("totals").EnumerateArray().Single(m => m.GetProperty("month").GetString() == month);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task Read_Office_CountsItemsOnlyInTheirMonths_SkipsRefusedAndRevoked_FundsFromTheLedger()
    {
        var report = await ReadAsync("office");
        Assert.Equal("district", report.GetProperty("scope").GetString());
        Assert.Equal(40m, report.GetProperty("capHours").GetDecimal());
        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"],
            report.GetProperty("months").EnumerateArray().Select(m => m.GetString()!).ToArray());
        Assert.Equal(50, report.GetProperty("communities").GetArrayLength());

        // DX01001: nothing before March (C is revoked); A from March to May; B from April; April's 45 hours exceed the cap of 40.
        Assert.Equal(0, Cell(report, "DX01001", "2026-02").GetProperty("items").GetInt32());
        var march = Cell(report, "DX01001", "2026-03");
        Assert.Equal((1, 2, 0, 10m, false), (march.GetProperty("items").GetInt32(), march.GetProperty("formsAndLedgers").GetInt32(),
            march.GetProperty("certificates").GetInt32(), march.GetProperty("hours").GetDecimal(), march.GetProperty("overCap").GetBoolean()));
        var april = Cell(report, "DX01001", "2026-04");
        Assert.Equal((2, 2, 1, 45m, true), (april.GetProperty("items").GetInt32(), april.GetProperty("formsAndLedgers").GetInt32(),
            april.GetProperty("certificates").GetInt32(), april.GetProperty("hours").GetDecimal(), april.GetProperty("overCap").GetBoolean()));
        var june = Cell(report, "DX01001", "2026-06");
        Assert.Equal((1, 0, 1, 35m), (june.GetProperty("items").GetInt32(), june.GetProperty("formsAndLedgers").GetInt32(),
            june.GetProperty("certificates").GetInt32(), june.GetProperty("hours").GetDecimal()));

        // The refused dispatch is not counted; DX02001 carries A alone.
        Assert.All(report.GetProperty("communities").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "DX01002").GetProperty("months").EnumerateArray(),
            m => Assert.Equal(0, m.GetProperty("items").GetInt32()));
        Assert.Equal(10m, Cell(report, "DX02001", "2026-05").GetProperty("hours").GetDecimal());
        Assert.Equal(0, Cell(report, "DX02001", "2026-06").GetProperty("items").GetInt32());

        // Funds: 1,000 paid in December 2025 opens the range; 500 paid in April 2026.
        Assert.Equal((0m, 1000m), (Cell(report, "DX01001", "2026-01").GetProperty("fundsMonth").GetDecimal(), Cell(report, "DX01001", "2026-01").GetProperty("fundsCumulative").GetDecimal()));
        Assert.Equal((500m, 1500m), (april.GetProperty("fundsMonth").GetDecimal(), april.GetProperty("fundsCumulative").GetDecimal()));
        Assert.Equal(1500m, june.GetProperty("fundsCumulative").GetDecimal());

        // District totals count each item once: April has A and B, 2 forms, 1 certificate; one community over the cap.
        var total = Total(report, "2026-04");
        Assert.Equal((2, 2, 1, 45m, 1, 500m, 1500m), (total.GetProperty("items").GetInt32(), total.GetProperty("formsAndLedgers").GetInt32(),
            total.GetProperty("certificates").GetInt32(), total.GetProperty("hoursMax").GetDecimal(), total.GetProperty("communitiesOverCap").GetInt32(),
            total.GetProperty("fundsMonth").GetDecimal(), total.GetProperty("fundsCumulative").GetDecimal()));
        Assert.Equal(1.1m, total.GetProperty("hoursAverage").GetDecimal());
        Assert.Equal(1, Total(report, "2026-03").GetProperty("items").GetInt32());
        var street = report.GetProperty("streets").EnumerateArray().Single(s => s.GetProperty("code").GetString() == "DX02");
        Assert.Equal(1, street.GetProperty("months").EnumerateArray().Single(m => m.GetProperty("month").GetString() == "2026-04").GetProperty("items").GetInt32());
    }

    [Fact]
    public async Task Baseline_RecordedByTheOffice_ShowsTheReductionInTheCurrentMonth_AndIsAudited()
    {
        var office = await server.As("office");
        var saved = await office.PutAsJsonAsync("/api/burden/baselines", new
        {
            baselines = new object[]
            {
                new { community = (string?)null, items = 10, formsAndLedgers = 44, certificates = 100, hoursPerMonth = 60, asOf = "2025-06-30", source = "改革前调查 / survey before the reform" },
                new { community = "DX01001", items = 4, formsAndLedgers = 7, certificates = 2, hoursPerMonth = 90, asOf = "2025-06-30", source = "社区自查" },
            },
        });
        Assert.Equal(2, (await Json(saved)).GetArrayLength());

        var report = await ReadAsync("office");
        Assert.Equal("DX", report.GetProperty("baseline").GetProperty("unit").GetString());
        var reduction = report.GetProperty("reduction");
        Assert.Equal("2026-04", reduction.GetProperty("month").GetString());
        Assert.Equal((44m, 2m, -95.5m), (reduction.GetProperty("formsAndLedgers").GetProperty("baseline").GetDecimal(),
            reduction.GetProperty("formsAndLedgers").GetProperty("now").GetDecimal(), reduction.GetProperty("formsAndLedgers").GetProperty("percent").GetDecimal()));
        Assert.Equal(-80m, reduction.GetProperty("items").GetProperty("percent").GetDecimal());
        Assert.Equal(-99m, reduction.GetProperty("certificates").GetProperty("percent").GetDecimal());

        // A community is measured against its own baseline: 90 hours before, 45 now.
        var community = await ReadAsync("c-DX01001");
        Assert.Equal("DX01001", community.GetProperty("baseline").GetProperty("unit").GetString());
        Assert.Equal(-50m, community.GetProperty("reduction").GetProperty("hours").GetProperty("percent").GetDecimal());

        // Each reads the baselines of its scope: the district's, and its own communities'.
        async Task<string[]> UnitsAsync(string user) => (await Json(await (await server.As(user)).GetAsync("/api/burden/baselines"))).EnumerateArray()
            .Select(b => b.GetProperty("unit").GetString()!).ToArray();
        Assert.Equal(["DX", "DX01001"], await UnitsAsync("supervisor"));
        Assert.Equal(["DX", "DX01001"], await UnitsAsync("s-DX01"));
        Assert.Equal(["DX"], await UnitsAsync("s-DX02"));
        Assert.Equal(["DX"], await UnitsAsync("c-DX01002"));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("dept")).GetAsync("/api/burden/baselines")).StatusCode);

        Assert.Equal(2L, await server.Database.ScalarAsync<long>("""SELECT count(*) FROM adm_burden_baselines"""));
        Assert.True(await server.Database.ScalarAsync<long>("""SELECT count(*) FROM audit_entries WHERE "Action" = 'burden.baseline.recorded'""") >= 2);
    }

    [Fact]
    public async Task Scope_CommunitySeesItself_StreetItsCommunities_DepartmentForbidden()
    {
        var community = await ReadAsync("c-DX01001");
        Assert.Equal("community", community.GetProperty("scope").GetString());
        Assert.Equal(["DX01001"], community.GetProperty("communities").EnumerateArray().Select(c => c.GetProperty("code").GetString()!).ToArray());
        Assert.Equal(45m, Total(community, "2026-04").GetProperty("hoursAverage").GetDecimal());
        var client = await server.As("c-DX01001");
        await ProblemAsync(await client.GetAsync("/api/burden?community=DX01002"), HttpStatusCode.Forbidden);
        await ProblemAsync(await client.GetAsync("/api/burden?street=DX02"), HttpStatusCode.Forbidden);

        var street = await ReadAsync("s-DX02");
        Assert.Equal("street", street.GetProperty("scope").GetString());
        Assert.Equal(10, street.GetProperty("communities").GetArrayLength());
        Assert.All(street.GetProperty("communities").EnumerateArray(), c => Assert.StartsWith("DX02", c.GetProperty("code").GetString(), StringComparison.Ordinal));
        Assert.Equal(1, Total(street, "2026-04").GetProperty("items").GetInt32());
        var one = await ReadAsync("s-DX02", "from=2026-01&to=2026-06&community=DX02001");
        Assert.Equal(["DX02001"], one.GetProperty("communities").EnumerateArray().Select(c => c.GetProperty("code").GetString()!).ToArray());
        await ProblemAsync(await (await server.As("s-DX02")).GetAsync("/api/burden?community=DX01001"), HttpStatusCode.Forbidden);
        await ProblemAsync(await (await server.As("s-DX02")).GetAsync("/api/burden/export.csv?street=DX01"), HttpStatusCode.Forbidden);

        await ProblemAsync(await (await server.As("dept")).GetAsync("/api/burden"), HttpStatusCode.Forbidden);
        await ProblemAsync(await (await server.As("dept")).GetAsync("/api/burden/export.xlsx"), HttpStatusCode.Forbidden);
        Assert.Equal(50, (await ReadAsync("auditor")).GetProperty("communities").GetArrayLength());
        var filtered = await ReadAsync("supervisor", "from=2026-04&to=2026-04&street=DX01");
        Assert.Equal(10, filtered.GetProperty("communities").GetArrayLength());
    }

    [Fact]
    public async Task Export_Csv_HasBilingualHeaderAndOneRowPerCommunityAndMonth()
    {
        var response = await (await server.As("office")).GetAsync("/api/burden/export.csv?from=2026-03&to=2026-04");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("月份 / Month,街道 / Street,社区代码 / Community code,社区 / Community", lines[0], StringComparison.Ordinal);
        Assert.Equal(1 + (2 * 50), lines.Length);
        var april = lines.Single(l => l.StartsWith("2026-04,DX01,DX01001,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(("2", "2", "1", 45m, "是 / yes", 500m, 1500m), (april[5], april[6], april[7], decimal.Parse(april[8], System.Globalization.CultureInfo.InvariantCulture),
            april[10], decimal.Parse(april[11], System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(april[12], System.Globalization.CultureInfo.InvariantCulture)));

        var own = await (await server.As("c-DX01001")).GetStringAsync("/api/burden/export.csv?from=2026-03&to=2026-04");
        Assert.Equal(3, own.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Export_Xlsx_OpensWithMiniExcel_WithTheRows()
    {
        var response = await (await server.As("s-DX01")).GetAsync("/api/burden/export.xlsx?from=2026-01&to=2026-06");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(6 * 10, rows.Count);
        var april = rows.Single(r => (string)r["月份 / Month"] == "2026-04" && (string)r["社区代码 / Community code"] == "DX01001");
        Assert.Equal(2m, Convert.ToDecimal(april["准入事项 / Items"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(45m, Convert.ToDecimal(april["每月工时 / Hours per month"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1500m, Convert.ToDecimal(april["累计拨付(元)/ Funds to date (yuan)"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task BadInput_Answers400WithFieldErrors_AndStoresNothing()
    {
        var office = await server.As("office");
        foreach (var (query, field) in new[]
        {
            ("from=2026-07&to=2026-01", "from"), ("from=2024-01&to=2027-01", "to"), ("from=2026-13", "from"), ("community=XX99999", "community"),
            ("street=NOPE", "street"),
        })
        {
            var problem = await ProblemAsync(await office.GetAsync($"/api/burden?{query}"), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"{query}: {problem}");
            Assert.Contains(" / ", messages[0].GetString(), StringComparison.Ordinal);
        }

        var before = await server.Database.ScalarAsync<long>("SELECT count(*) FROM adm_burden_baselines");
        var bad = await office.PutAsJsonAsync("/api/burden/baselines", new
        {
            baselines = new object[]
            {
                new { community = "DX03001", items = -1, formsAndLedgers = 3, certificates = 0, hoursPerMonth = 10, asOf = "2025-06-30", source = "调查" },
                new { community = "XX99999", items = 1, formsAndLedgers = 1, certificates = -2, hoursPerMonth = -5, asOf = "2030-01-01", source = "" },
            },
        });
        var errors = (await ProblemAsync(bad, HttpStatusCode.BadRequest)).GetProperty("errors");
        foreach (var field in new[] { "baselines[0].items", "baselines[1].community", "baselines[1].certificates", "baselines[1].hoursPerMonth", "baselines[1].asOf", "baselines[1].source" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"{field}: {errors}");
        }

        await ProblemAsync(await office.PutAsJsonAsync("/api/burden/baselines", new { baselines = Array.Empty<object>() }), HttpStatusCode.BadRequest);
        Assert.Equal(before, await server.Database.ScalarAsync<long>("SELECT count(*) FROM adm_burden_baselines"));
        Assert.Equal(0L, await server.Database.ScalarAsync<long>("""SELECT count(*) FROM adm_burden_baselines WHERE "Unit" = 'DX03001'"""));

        // Only the office records baselines.
        var community = await (await server.As("c-DX03001")).PutAsJsonAsync("/api/burden/baselines", new
        {
            baselines = new[] { new { community = "DX03001", items = 1, formsAndLedgers = 1, certificates = 0, hoursPerMonth = 1, asOf = "2025-06-30", source = "自报" } },
        });
        Assert.Equal(HttpStatusCode.Forbidden, community.StatusCode);
        Assert.Equal(0L, await server.Database.ScalarAsync<long>("""SELECT count(*) FROM adm_burden_baselines WHERE "Unit" = 'DX03001'"""));
    }

    [Fact]
    public async Task Page_RequiresSignIn_AndIsServedToSignedInPeople()
    {
        using var anonymous = server.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/burden");
        request.Headers.Accept.ParseAdd("text/html");
        var redirect = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/login", redirect.Headers.Location?.PathAndQuery ?? redirect.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var page = await (await server.As("office")).GetStringAsync("/burden");
        Assert.Contains("社区负担看板", page, StringComparison.Ordinal);
        Assert.Contains("/js/burden.js", page, StringComparison.Ordinal);
    }
}
