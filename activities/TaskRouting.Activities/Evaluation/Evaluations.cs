using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Organisation;

namespace TaskRouting.Activities.Evaluation;

/// <summary>What a community submits: the target's code (a department of its district or its own street), the half-year, a score and a comment.</summary>
public sealed record EvaluationForm(string? Target, string? Period, int? Score, string? Comment);

/// <summary>One of a community's own evaluations.</summary>
public sealed record EvaluationView(
    Guid Id, string Community, EvaluationTarget TargetKind, string Target, string Period, int Score, string? Comment, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// What a department or street reads about itself for a period: the average, the count, the distribution and the
/// comments, without the communities' identities (comments in text order, not submission order).
/// </summary>
public sealed record EvaluationResults(
    EvaluationTarget TargetKind, string Target, string Period, int Count, double? Average, IReadOnlyList<ScoreBand> Distribution, IReadOnlyList<string> Comments);

/// <summary>The district's departments and streets ranked by their average for a period.</summary>
public sealed record EvaluationRankings(string District, string Period, IReadOnlyList<RankingLine> Departments, IReadOnlyList<RankingLine> Streets);

/// <summary>A department's latest half-year average, as the committee sees it next to an application.</summary>
public sealed record DepartmentScore(string Period, double Average, int Count);

/// <summary>
/// The two-way evaluation (自下而上评议): communities score the district's departments and their own street each
/// half-year; departments and streets read their own anonymous results; the office, committee and supervisors read
/// the district's rankings. Every submission and update is audited.
/// </summary>
public sealed class Evaluations(DbContext db, AuditTrail audit, TimeProvider time)
{
    /// <summary>Submits (or, within the same period, updates) the community's evaluation of a target. Bad input is refused with field errors and nothing stored.</summary>
    /// <returns>The evaluation, and whether it was created (false: an earlier one was updated).</returns>
    public async Task<(EvaluationView Evaluation, bool Created)> SubmitAsync(Actor actor, EvaluationForm? form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsIn(Role.Community) || actor.District is null || actor.Community is null)
        {
            throw new UnauthorizedAccessException("只有社区用户可以评议 / Only community users submit evaluations");
        }

        var community = await db.Set<Community>().AsNoTracking().FirstOrDefaultAsync(c => c.Code == actor.Community && c.DistrictCode == actor.District, cancellationToken)
            ?? throw new UnauthorizedAccessException($"社区 {actor.Community} 不在本区 / Community {actor.Community} is not in the district");
        var street = actor.Street ?? community.StreetCode;
        var errors = new List<FieldError>();
        var period = ReportingPeriod.Field(form?.Period, [PeriodKind.HalfYear], errors);
        if (period is not null && EvaluationRules.Closed(period, WorkingDayCalendar.ChinaDate(time.GetUtcNow())) is { } closed)
        {
            errors.Add(new("period", closed));
        }

        if (form?.Score is null)
        {
            errors.Add(new("score", "评分不能为空 / score is required"));
        }
        else if (form.Score is < 0 or > 100)
        {
            errors.Add(new("score", "评分应在 0 到 100 之间 / score must be between 0 and 100"));
        }

        if (form?.Comment is { Length: > 2000 })
        {
            errors.Add(new("comment", "评语不能超过 2000 个字符 / comment must be at most 2000 characters"));
        }

        var targetKind = await TargetKindAsync(actor.District, street, form?.Target?.Trim(), errors, cancellationToken);
        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }

        var target = form!.Target!.Trim();
        var comment = string.IsNullOrWhiteSpace(form.Comment) ? null : form.Comment.Trim();
        var now = time.GetUtcNow();
        var existing = await db.Set<CommunityEvaluation>().FirstOrDefaultAsync(
            e => e.CommunityCode == actor.Community && e.TargetCode == target && e.Period == period!.Code, cancellationToken);
        var created = existing is null;
        if (existing is null)
        {
            existing = new CommunityEvaluation
            {
                Id = Guid.NewGuid(), District = actor.District, CommunityCode = actor.Community, StreetCode = street, TargetKind = targetKind!.Value,
                TargetCode = target, Period = period!.Code, Score = form.Score!.Value, Comment = comment, SubmittedBy = actor.Name, SubmittedAt = now, UpdatedAt = now,
            };
            db.Add(existing);
            audit.Record(db, actor, "evaluation.submitted", "evaluation", existing.Id.ToString(), null, Snapshot(existing), actor.District);
        }
        else
        {
            var before = Snapshot(existing);
            existing.Score = form.Score!.Value;
            existing.Comment = comment;
            existing.SubmittedBy = actor.Name;
            existing.UpdatedAt = now;
            existing.Revision++;
            audit.Record(db, actor, "evaluation.updated", "evaluation", existing.Id.ToString(), before, Snapshot(existing), actor.District);
        }

        try
        {
            await audit.SaveChangesAsync(db, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two submissions of the same evaluation at once: the unique key or the revision stopped the second.
            throw DomainRejection.StateConflict("该评议正被同时提交,请重试 / The evaluation was submitted concurrently; try again");
        }

        return (View(existing), created);
    }

    /// <summary>The community's own evaluations, newest period first; optionally of one period.</summary>
    public async Task<IReadOnlyList<EvaluationView>> MineAsync(Actor actor, string? period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsIn(Role.Community) || actor.Community is null)
        {
            throw new UnauthorizedAccessException("只有社区用户可以查看本社区的评议 / Only community users read their own evaluations");
        }

        var query = db.Set<CommunityEvaluation>().AsNoTracking().Where(e => e.District == actor.District && e.CommunityCode == actor.Community);
        if (period is not null)
        {
            var errors = new List<FieldError>();
            var parsed = ReportingPeriod.Field(period, [PeriodKind.HalfYear], errors) ?? throw DomainRejection.Invalid(errors);
            query = query.Where(e => e.Period == parsed.Code);
        }

        var rows = await query.OrderByDescending(e => e.Period).ThenBy(e => e.TargetKind).ThenBy(e => e.TargetCode).Take(1000).ToListAsync(cancellationToken);
        return rows.Select(View).ToList();
    }

    /// <summary>A department's (or street's) own results for a period, without the communities' identities.</summary>
    public async Task<EvaluationResults> ResultsAsync(Actor actor, string? period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (kind, target) = actor.IsIn(Role.Department) && actor.Department is not null ? (EvaluationTarget.Department, actor.Department)
            : actor.IsIn(Role.Street) && actor.Street is not null ? (EvaluationTarget.Street, actor.Street)
            : throw new UnauthorizedAccessException("只有部门和街道可以查看对本单位的评议结果 / Only departments and streets read the results about themselves");
        var errors = new List<FieldError>();
        var parsed = ReportingPeriod.Field(period, [PeriodKind.HalfYear], errors) ?? throw DomainRejection.Invalid(errors);
        var rows = await db.Set<CommunityEvaluation>().AsNoTracking()
            .Where(e => e.District == actor.District && e.Period == parsed.Code && e.TargetKind == kind && e.TargetCode == target)
            .Select(e => new { e.Score, e.Comment }).ToListAsync(cancellationToken);
        return new(kind, target, parsed.Code, rows.Count, EvaluationRules.Average(rows.Sum(r => (long)r.Score), rows.Count),
            EvaluationRules.Distribution(rows.Select(r => r.Score)),
            rows.Select(r => r.Comment).OfType<string>().Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The district's departments and streets ranked for a period: the office, committee and supervisors.</summary>
    public async Task<EvaluationRankings> RankingsAsync(Actor actor, string? period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!(actor.IsIn(Role.Office) || actor.IsIn(Role.Committee) || actor.IsIn(Role.Supervisor)) || actor.District is null)
        {
            throw new UnauthorizedAccessException("只有指导委员会办公室、委员和督查室可以查看评议排名 / Only the office, the committee and supervisors read the rankings");
        }

        var errors = new List<FieldError>();
        var parsed = ReportingPeriod.Field(period, [PeriodKind.HalfYear], errors) ?? throw DomainRejection.Invalid(errors);
        var totals = await db.Set<CommunityEvaluation>().AsNoTracking()
            .Where(e => e.District == actor.District && e.Period == parsed.Code)
            .GroupBy(e => new { e.TargetKind, e.TargetCode })
            .Select(g => new { g.Key.TargetKind, g.Key.TargetCode, Sum = g.Sum(e => (long)e.Score), Count = g.Count() })
            .ToListAsync(cancellationToken);
        var departments = await db.Set<Department>().AsNoTracking().Where(d => d.DistrictCode == actor.District)
            .Select(d => new { d.Code, d.NameZh, d.NameEn }).ToListAsync(cancellationToken);
        var streets = await db.Set<Street>().AsNoTracking().Where(s => s.DistrictCode == actor.District)
            .Select(s => new { s.Code, s.NameZh, s.NameEn }).ToListAsync(cancellationToken);
        (string, string, string, long, int) Line(EvaluationTarget kind, string code, string nameZh, string nameEn) =>
            totals.FirstOrDefault(t => t.TargetKind == kind && t.TargetCode == code) is { } t ? (code, nameZh, nameEn, t.Sum, t.Count) : (code, nameZh, nameEn, 0, 0);
        return new(actor.District, parsed.Code,
            EvaluationRules.Rank(departments.Select(d => Line(EvaluationTarget.Department, d.Code, d.NameZh, d.NameEn))),
            EvaluationRules.Rank(streets.Select(s => Line(EvaluationTarget.Street, s.Code, s.NameZh, s.NameEn))));
    }

    /// <summary>
    /// The department's average in the latest half-year that has begun by <paramref name="today"/> and has
    /// evaluations, or null when nobody evaluated it yet.
    /// </summary>
    internal static async Task<DepartmentScore?> DepartmentScoreAsync(DbContext db, string district, string department, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var current = ReportingPeriod.HalfYearOf(today).Code;
        var periods = await db.Set<CommunityEvaluation>().AsNoTracking()
            .Where(e => e.District == district && e.TargetKind == EvaluationTarget.Department && e.TargetCode == department)
            .GroupBy(e => e.Period)
            .Select(g => new { Period = g.Key, Sum = g.Sum(e => (long)e.Score), Count = g.Count() })
            .ToListAsync(cancellationToken);
        // Period codes sort chronologically ("2026-H1" < "2026-H2" < "2027-H1"); one row per half-year evaluated.
        var latest = periods.Where(p => string.CompareOrdinal(p.Period, current) <= 0).MaxBy(p => p.Period, StringComparer.Ordinal);
        return latest is null ? null : new(latest.Period, EvaluationRules.Average(latest.Sum, latest.Count)!.Value, latest.Count);
    }

    private async Task<EvaluationTarget?> TargetKindAsync(string district, string street, string? target, List<FieldError> errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(target))
        {
            errors.Add(new("target", "评议对象不能为空 / target is required"));
            return null;
        }

        if (await db.Set<Department>().AsNoTracking().AnyAsync(d => d.Code == target && d.DistrictCode == district, cancellationToken))
        {
            return EvaluationTarget.Department;
        }

        if (string.Equals(target, street, StringComparison.Ordinal))
        {
            return EvaluationTarget.Street;
        }

        errors.Add(new("target", await db.Set<Street>().AsNoTracking().AnyAsync(s => s.Code == target && s.DistrictCode == district, cancellationToken)
            ? $"社区只能评议本社区所在的街道 {street} / a community evaluates only its own street {street}"
            : $"本区没有部门或街道 {target} / there is no department or street {target} in the district"));
        return null;
    }

    private static EvaluationView View(CommunityEvaluation e) =>
        new(e.Id, e.CommunityCode, e.TargetKind, e.TargetCode, e.Period, e.Score, e.Comment, e.SubmittedAt, e.UpdatedAt);

    private static object Snapshot(CommunityEvaluation e) => new { e.CommunityCode, target = e.TargetCode, e.Period, e.Score, e.Comment };
}
