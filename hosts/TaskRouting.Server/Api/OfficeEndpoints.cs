using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using TaskRouting.Activities.Approval;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Activities.Review;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;
using TaskRouting.Server.Data;

namespace TaskRouting.Server.Api;

/// <summary>
/// The committee office's read APIs behind its portal page: the window dashboard (the batch's progress, the district's
/// applications by stage, and how long applications spend in each stage, from their history) and the annual plan list
/// as CSV or Excel. Office only: the figures cover the whole district.
/// </summary>
internal static class OfficeEndpoints
{
    /// <summary>A review window's batch: how many applications it took in and how far they got.</summary>
    public sealed record BatchProgress(int Total, int Reviewed, int Voting, int Tallied, int Approved);

    /// <summary>How many of the district's applications are at a stage now.</summary>
    public sealed record StageCount(ApplicationStage Stage, int Count);

    /// <summary>Time spent at a stage by the applications that passed through it (hours; median and 90th percentile).</summary>
    public sealed record StageTime(ApplicationStage Stage, int Applications, double MedianHours, double P90Hours);

    /// <summary>The dashboard: the chosen (or latest) window and its batch, the district's stages, time per stage since <c>Since</c>.</summary>
    public sealed record Dashboard(
        string District, ReviewWindow? Window, BatchProgress Batch, IReadOnlyList<StageCount> Stages, DateTimeOffset Since, IReadOnlyList<StageTime> TimeInStage);

    /// <summary>The plan list export's columns, Chinese then English, in row order.</summary>
    internal static readonly IReadOnlyList<string> PlanListColumns =
    [
        "编号 / Number", "年度 / Year", "系列 / Series", "事项 / Title", "部门 / Department", "类别 / Category",
        "每社区每月工时 / Hours per community per month", "每社区经费(元)/ Funding per community (yuan)", "社区数 / Communities",
        "开始日期 / Start date", "期限(月)/ Duration (months)", "准入时间 / Admitted at", "状态 / Status",
    ];

    public static RouteGroupBuilder MapOffice(this RouteGroupBuilder api)
    {
        api.MapGet("/admission/dashboard", DashboardAsync).WithTags("Admission work").RequireAuthorization(Policies.Office);
        var plan = api.MapGroup("/plan-list").WithTags("Reference data").RequireAuthorization(Policies.Office);
        plan.MapGet("/export.csv", async (int? year, ClaimsPrincipal user, TaskRoutingDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var (y, errors) = Year(year, time);
            if (errors.Any)
            {
                return (IResult)errors.ToProblem();
            }

            var district = Actor.FromPrincipal(user).District ?? "";
            var text = new StringBuilder();
            text.AppendJoin(',', PlanListColumns.Select(BurdenEndpoints.Field)).Append("\r\n");
            foreach (var row in await PlanRowsAsync(db, district, y, ct))
            {
                text.AppendJoin(',', row.Select(v => v is string s ? BurdenEndpoints.Field(s) : Convert.ToString(v, CultureInfo.InvariantCulture))).Append("\r\n");
            }

            byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
            return TypedResults.File(bytes, "text/csv; charset=utf-8", $"plan-list-{district}-{y}.csv");
        });
        plan.MapGet("/export.xlsx", async (int? year, ClaimsPrincipal user, TaskRoutingDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var (y, errors) = Year(year, time);
            if (errors.Any)
            {
                return (IResult)errors.ToProblem();
            }

            var district = Actor.FromPrincipal(user).District ?? "";
            var rows = (await PlanRowsAsync(db, district, y, ct)).Select(row =>
            {
                var values = new Dictionary<string, object>(StringComparer.Ordinal);
                for (var i = 0; i < PlanListColumns.Count; i++)
                {
                    values[PlanListColumns[i]] = row[i];
                }

                return values;
            }).ToList();
            if (rows.Count == 0)
            {
                // MiniExcel takes its header from the first row: an empty year still gets the header.
                rows.Add(PlanListColumns.ToDictionary(c => c, _ => (object)"", StringComparer.Ordinal));
            }

            using var stream = new MemoryStream();
            await stream.SaveAsAsync(rows, sheetName: "计划清单 Plan list", excelType: ExcelType.XLSX, cancellationToken: ct);
            return TypedResults.File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"plan-list-{district}-{y}.xlsx");
        });
        return plan;
    }

    private static (int Year, FieldErrors Errors) Year(int? year, TimeProvider time)
    {
        var y = year ?? WorkingDayCalendar.ChinaDate(time.GetUtcNow()).Year;
        var errors = new FieldErrors();
        if (y is < 2000 or > 2100)
        {
            errors.Add("year", "年度须在 2000–2100 之间 / year must be between 2000 and 2100");
        }

        return (y, errors);
    }

    private static async Task<List<object[]>> PlanRowsAsync(TaskRoutingDbContext db, string district, int year, CancellationToken ct)
    {
        var entries = await db.Set<PlanListEntry>().AsNoTracking().Where(p => p.District == district && p.Year == year)
            .OrderBy(p => p.Series).ThenBy(p => p.Sequence).ToListAsync(ct);
        return entries.Select(p => new object[]
        {
            p.Number, p.Year, p.Series, p.Title, p.Department, p.Category.ToString(), p.WorkloadHoursPerMonth, p.FundingPerCommunity, p.Communities.Count,
            p.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            p.DurationMonths, p.AdmittedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), p.Status.ToString(),
        }).ToList();
    }

    private static async Task<IResult> DashboardAsync(string? window, int? months, ClaimsPrincipal user, TaskRoutingDbContext db, TimeProvider time, CancellationToken ct)
    {
        var district = Actor.FromPrincipal(user).District ?? "";
        var errors = new FieldErrors();
        var span = months ?? 12;
        if (span is < 1 or > 36)
        {
            errors.Add("months", "统计月数须在 1–36 之间 / months must be between 1 and 36");
        }

        var windows = db.Set<ReviewWindow>().AsNoTracking().Where(w => w.District == district);
        ReviewWindow? chosen = null;
        if (window is { Length: > 0 })
        {
            chosen = await windows.FirstOrDefaultAsync(w => w.Id == window, ct);
            if (chosen is null)
            {
                errors.Add("window", $"本区没有评审批次 {window} / There is no review window {window} in this district");
            }
        }
        else
        {
            chosen = await windows.OrderByDescending(w => w.OpensOn).FirstOrDefaultAsync(ct);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var events = db.Set<ApplicationEvent>().AsNoTracking().Where(e => e.District == district);
        var batch = new BatchProgress(0, 0, 0, 0, 0);
        if (chosen is not null)
        {
            // The window-opened note names the window: it is what puts an application in the batch.
            var opened = $"Review window {chosen.Id} opened";
            var members = events.Where(e => e.Kind == "window-opened" && e.TextEn == opened).Select(e => e.ApplicationId);
            var kinds = await events.Where(e => members.Contains(e.ApplicationId) && (e.Kind == "window-opened" || e.Kind == "reviewed"
                    || e.Kind == "vote-requested" || e.Kind == "vote-tallied" || e.Kind == "admitted"))
                .Select(e => new { e.ApplicationId, e.Kind }).Distinct().ToListAsync(ct);
            int Count(string kind) => kinds.Where(k => k.Kind == kind).Select(k => k.ApplicationId).Distinct().Count();
            batch = new BatchProgress(Count("window-opened"), Count("reviewed"), Count("vote-requested"), Count("vote-tallied"), Count("admitted"));
        }

        var stages = (await db.Set<Application>().AsNoTracking().Where(a => a.District == district)
                .GroupBy(a => a.Stage).Select(g => new { Stage = g.Key, Count = g.Count() }).ToListAsync(ct))
            .OrderBy(s => s.Stage).Select(s => new StageCount(s.Stage, s.Count)).ToList();

        var now = time.GetUtcNow();
        var since = now.AddMonths(-span);
        var recent = db.Set<Application>().AsNoTracking().Where(a => a.District == district && a.SubmittedAt != null && a.SubmittedAt >= since);
        var finals = await recent.ToDictionaryAsync(a => a.Id, a => a.Stage >= ApplicationStage.Completed, ct);
        var history = await events.Where(e => recent.Select(a => a.Id).Contains(e.ApplicationId))
            .Select(e => new { e.ApplicationId, e.Id, e.At, e.Stage }).ToListAsync(ct);
        return TypedResults.Ok(new Dashboard(district, chosen, batch, stages, since, TimeInStage(
            history.GroupBy(e => e.ApplicationId).Select(g => (Final: finals.GetValueOrDefault(g.Key),
                Steps: g.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => (e.At, e.Stage)).ToList())),
            now)));
    }

    /// <summary>
    /// Each application's time per stage (from one history line to the next; an open application's current stage
    /// until now), then per stage the median and 90th percentile over the applications. Draft and the final stages
    /// are left out: the chart shows where the process keeps work waiting.
    /// </summary>
    internal static List<StageTime> TimeInStage(IEnumerable<(bool Final, List<(DateTimeOffset At, ApplicationStage Stage)> Steps)> applications, DateTimeOffset now)
    {
        var perStage = new Dictionary<ApplicationStage, List<double>>();
        foreach (var (final, steps) in applications)
        {
            var spent = new Dictionary<ApplicationStage, double>();
            for (var i = 0; i < steps.Count; i++)
            {
                var end = i + 1 < steps.Count ? steps[i + 1].At : final ? steps[i].At : now;
                spent[steps[i].Stage] = spent.GetValueOrDefault(steps[i].Stage) + Math.Max(0, (end - steps[i].At).TotalHours);
            }

            foreach (var (stage, hours) in spent.Where(s => s.Key is not ApplicationStage.Draft && s.Key < ApplicationStage.Completed))
            {
                (perStage.TryGetValue(stage, out var list) ? list : perStage[stage] = []).Add(hours);
            }
        }

        return perStage.OrderBy(s => s.Key).Select(s =>
        {
            var sorted = s.Value.Order().ToList();
            return new StageTime(s.Key, sorted.Count, Math.Round(Percentile(sorted, 0.5), 2), Math.Round(Percentile(sorted, 0.9), 2));
        }).ToList();
    }

    /// <summary>Nearest-rank percentile of a sorted, non-empty list.</summary>
    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
