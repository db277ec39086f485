using System.Globalization;
using System.Security.Claims;
using System.Text;
using MiniExcelLibs;
using TaskRouting.Activities.Burden;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;

namespace TaskRouting.Server.Api;

/// <summary>
/// The burden dashboard's API: the monthly figures of the caller's scope as JSON, CSV or Excel, and the baselines before admission
/// (recorded by the office). Departments get 403: the dashboard shows what communities carry, not a department's own items.
/// </summary>
internal static class BurdenEndpoints
{
    /// <summary>The body of <c>PUT /api/burden/baselines</c>.</summary>
    public sealed record BaselinesBody(IReadOnlyList<BurdenBaselineInput?>? Baselines);

    /// <summary>The export's columns, Chinese then English, in row order.</summary>
    internal static readonly IReadOnlyList<string> Columns =
    [
        "月份 / Month", "街道 / Street", "社区代码 / Community code", "社区 / Community", "Community (English)",
        "准入事项 / Items", "报表台账 / Forms and ledgers", "证明事项 / Certificates", "每月工时 / Hours per month",
        "工时上限 / Hours cap", "超过上限 / Over cap", "当月拨付(元)/ Funds this month (yuan)", "累计拨付(元)/ Funds to date (yuan)",
    ];

    public static RouteGroupBuilder MapBurden(this RouteGroupBuilder api)
    {
        var burden = api.MapGroup("/burden").WithTags("Burden").RequireAuthorization(Policies.Authenticated);
        burden.MapGet("/", (string? from, string? to, string? street, string? community, ClaimsPrincipal user, BurdenDashboard dashboard, CancellationToken ct) =>
            DomainResults.RunAsync(() => dashboard.ReadAsync(Actor.FromPrincipal(user), new(from, to, street, community), ct), TypedResults.Ok));
        burden.MapGet("/export.csv", (string? from, string? to, string? street, string? community, ClaimsPrincipal user, BurdenDashboard dashboard, CancellationToken ct) =>
            DomainResults.RunAsync(() => dashboard.ReadAsync(Actor.FromPrincipal(user), new(from, to, street, community), ct),
                report => TypedResults.File(Csv(report), "text/csv; charset=utf-8", FileName(report, "csv"))));
        burden.MapGet("/export.xlsx", async (string? from, string? to, string? street, string? community, ClaimsPrincipal user, BurdenDashboard dashboard, CancellationToken ct) =>
            await DomainResults.RunAsync(async () => await XlsxAsync(await dashboard.ReadAsync(Actor.FromPrincipal(user), new(from, to, street, community), ct), ct),
                file => TypedResults.File(file.Bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", FileName(file.Report, "xlsx"))));
        burden.MapGet("/baselines", (ClaimsPrincipal user, BurdenDashboard dashboard, CancellationToken ct) =>
            DomainResults.RunAsync(() => dashboard.BaselinesAsync(Actor.FromPrincipal(user), ct), TypedResults.Ok));
        burden.MapPut("/baselines", (BaselinesBody? body, ClaimsPrincipal user, BurdenDashboard dashboard, CancellationToken ct) =>
            DomainResults.RunAsync(() => dashboard.SaveBaselinesAsync(Actor.FromPrincipal(user), body?.Baselines, ct), TypedResults.Ok))
            .RequireAuthorization(Policies.Office);
        return burden;
    }

    private static string FileName(BurdenReport report, string extension) =>
        $"burden-{report.Community ?? report.Street ?? report.District}-{report.From}-{report.To}.{extension}";

    /// <summary>One row per community and month, in the dashboard's order.</summary>
    private static IEnumerable<object[]> Rows(BurdenReport report) =>
        from month in Enumerable.Range(0, report.Months.Count)
        from c in report.Communities
        let cell = c.Months[month]
        select new object[]
        {
            cell.Month, c.Street, c.Code, c.NameZh, c.NameEn, cell.Items, cell.FormsAndLedgers, cell.Certificates, cell.Hours, report.CapHours,
            cell.OverCap ? "是 / yes" : "否 / no", cell.FundsMonth, cell.FundsCumulative,
        };

    /// <summary>UTF-8 with a byte-order mark (so Excel reads the Chinese), RFC 4180 quoting, and text that could start a formula neutralised.</summary>
    private static byte[] Csv(BurdenReport report)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Columns.Select(Field)).Append("\r\n");
        foreach (var row in Rows(report))
        {
            text.AppendJoin(',', row.Select(v => v is string s ? Field(s) : Convert.ToString(v, CultureInfo.InvariantCulture))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    internal static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private sealed record XlsxFile(BurdenReport Report, byte[] Bytes);

    private static async Task<XlsxFile> XlsxAsync(BurdenReport report, CancellationToken cancellationToken)
    {
        var rows = Rows(report).Select(row =>
        {
            var values = new Dictionary<string, object>(StringComparer.Ordinal);
            for (var i = 0; i < Columns.Count; i++)
            {
                values[Columns[i]] = row[i];
            }

            return values;
        }).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: "负担 Burden", excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
        return new XlsxFile(report, stream.ToArray());
    }
}
