using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskRouting.Activities.Escalation;
using TaskRouting.Contracts.Accountability;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Activities.Violations;

/// <summary>An evidence file as listed with its case.</summary>
public sealed record AttachmentView(Guid Id, string FileName, string ContentType, int Size, string Sha256);

/// <summary>A history line of a case.</summary>
public sealed record CaseEventView(string Kind, string Actor, string TextZh, string TextEn, DateTimeOffset At);

/// <summary>
/// A case as its reader may see it: the reporter's name only for the office, the supervisor and the committee (a
/// department never learns which person reported it).
/// </summary>
public sealed record CaseView(
    Guid Id, string District, string Street, string? Community, string ReportedUnit, string? AdmissionNumber, string What, DateOnly OccurredOn,
    string? Evidence, bool Automatic, string? ReportedBy, DateTimeOffset ReportedAt, ViolationStatus Status, ViolationRemit? Remit,
    IReadOnlyList<string> AnsweringUnits, DateTimeOffset? DueAt, DateTimeOffset? AnswerDueAt, DateTimeOffset? AnsweredAt, ViolationFinding? Finding,
    string? FindingReason, DateTimeOffset? FoundAt, DateTimeOffset? CorrectionDueAt, DateTimeOffset? CorrectedAt, DateTimeOffset? ClosedAt,
    string? DutyOfficer, bool Overdue, IReadOnlyList<AttachmentView> Attachments, IReadOnlyList<CaseEventView>? History);

/// <summary>
/// The central side's violation cases: opened from the street subsystems' reports (one per report, whatever the
/// redeliveries), each run by the district's violation workflow, and read by every role within its scope.
/// </summary>
public sealed class ViolationCases(DbContext db, AuditTrail audit, WorkflowInstances instances, IOptions<AdmissionOptions> options, TimeProvider time)
{
    /// <summary>
    /// Opens the case of a report and starts its workflow, committing with whatever the caller has tracked (the
    /// consumer's inbox row). Without a published violation workflow the case is kept and the office warned.
    /// </summary>
    public async Task OpenAsync(ViolationReported report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var now = time.GetUtcNow();
        if (await db.Set<ViolationCase>().AnyAsync(c => c.Id == report.ReportId, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var @case = new ViolationCase
        {
            Id = report.ReportId, District = report.District, Street = report.Street, Community = report.Community, ReportedUnit = report.ReportedUnit,
            AdmissionNumber = report.AdmissionNumber, What = report.What, OccurredOn = report.OccurredOn, Evidence = report.Evidence, Automatic = report.Automatic,
            ReportedBy = report.ReportedBy, ReportedAt = report.ReportedAt, ReceivedAt = now, Status = ViolationStatus.Triage,
        };
        db.Add(@case);
        var unit = report.Community ?? report.Street;
        ViolationLog.Note(db, @case, "received",
            report.Automatic
                ? new($"{unit} 的子系统自动拒收计划清单外的事项并举报", $"{unit}'s subsystem refused work not on the plan list and reported it")
                : new($"{unit} 举报", $"Reported by {unit}"),
            report.ReportedBy, now);
        // The gateway checked the files; the central side keeps only what is within the published limits all the same.
        foreach (var file in (report.Attachments ?? []).Take(EvidenceAttachment.MaxCount)
                     .Where(f => f.Content.Length is > 0 and <= EvidenceAttachment.MaxBytes && EvidenceAttachment.ContentTypes.Contains(f.ContentType)))
        {
            db.Add(new ViolationAttachment
            {
                Id = Guid.CreateVersion7(now), CaseId = @case.Id, FileName = file.FileName.Length > 200 ? file.FileName[..200] : file.FileName,
                ContentType = file.ContentType, Size = file.Content.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Content)), Content = file.Content,
            });
        }

        var reporter = Actor.FromSubsystem(report.ReportedBy, report.District, report.Street, report.Community);
        audit.Record(db, reporter, "violation.received", "violation-case", @case.Id.ToString(), null,
            new { report.ReportedUnit, report.AdmissionNumber, report.What, report.OccurredOn, report.Automatic, attachments = report.Attachments?.Count ?? 0 }, report.District);
        var definitionId = $"{report.District}-{options.Value.ViolationWorkflow}";
        var started = await instances.StartAsync(report.District, definitionId, new JsonObject { ["caseId"] = @case.Id.ToString(), ["district"] = report.District },
            @case.Id.ToString(), "street-gateway", (_, burst) => @case.WorkflowInstanceId = burst.State.InstanceId, cancellationToken);
        if (started.Outcome != InstanceOutcome.Applied)
        {
            await Alerts.RaiseAsync(db, $"violation:{@case.Id}", report.District, AlertKind.Warning, "office", report.District, null,
                new($"收到举报“{report.What}”,但本区没有已发布的举报办理流程 {definitionId},请流程设计人员发布", $"A report “{report.What}” arrived but the district has no published workflow {definitionId}; ask a workflow designer"),
                now, null, cancellationToken);
            await audit.SaveChangesAsync(db, cancellationToken);
        }
    }

    /// <summary>The cases the caller may see, newest first, optionally by status.</summary>
    public async Task<IReadOnlyList<CaseView>> ListAsync(Actor actor, ViolationStatus? status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var query = Visible(actor);
        if (status is not null)
        {
            query = query.Where(c => c.Status == status);
        }

        var cases = await query.OrderByDescending(c => c.ReceivedAt).Take(500).ToListAsync(cancellationToken);
        var ids = cases.Select(c => c.Id).ToList();
        var files = (await db.Set<ViolationAttachment>().AsNoTracking().Where(a => ids.Contains(a.CaseId))
            .Select(a => new { a.CaseId, View = new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256) }).ToListAsync(cancellationToken))
            .ToLookup(a => a.CaseId, a => a.View);
        return cases.Select(c => View(actor, c, [.. files[c.Id]], null)).ToList();
    }

    /// <summary>One case with its history; null when it does not exist or the caller may not see it.</summary>
    public async Task<CaseView?> ReadAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var @case = await Visible(actor).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (@case is null)
        {
            return null;
        }

        var files = await db.Set<ViolationAttachment>().AsNoTracking().Where(a => a.CaseId == id)
            .Select(a => new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256)).ToListAsync(cancellationToken);
        var history = await db.Set<ViolationEvent>().AsNoTracking().Where(e => e.CaseId == id).OrderBy(e => e.Id)
            .Select(e => new CaseEventView(e.Kind, e.Actor, e.TextZh, e.TextEn, e.At)).ToListAsync(cancellationToken);
        return View(actor, @case, files, history);
    }

    /// <summary>An evidence file of a case the caller may see; null otherwise.</summary>
    public async Task<ViolationAttachment?> AttachmentAsync(Actor actor, Guid caseId, Guid attachmentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return await Visible(actor).AnyAsync(c => c.Id == caseId, cancellationToken)
            ? await db.Set<ViolationAttachment>().AsNoTracking().FirstOrDefaultAsync(a => a.CaseId == caseId && a.Id == attachmentId, cancellationToken)
            : null;
    }

    /// <summary>
    /// The office, the supervisor and the committee see the district's cases; a department those reported against it
    /// or given to it to answer; a street those of its area; a community its own reports.
    /// </summary>
    internal IQueryable<ViolationCase> Visible(Actor actor)
    {
        var cases = db.Set<ViolationCase>().AsNoTracking().Where(c => c.District == actor.District);
        if (actor.IsIn(Role.Office) || actor.IsIn(Role.Supervisor) || actor.IsIn(Role.Committee))
        {
            return cases;
        }

        if (actor.IsIn(Role.Department) && actor.Department is { } department)
        {
            return cases.Where(c => c.ReportedUnit == department || c.AnsweringUnits.Contains(department));
        }

        if (actor.IsIn(Role.Community) && actor.Community is { } community)
        {
            return cases.Where(c => c.Community == community);
        }

        if (actor.IsIn(Role.Street) && actor.Street is { } street)
        {
            return cases.Where(c => c.Street == street);
        }

        return cases.Where(_ => false);
    }

    private CaseView View(Actor actor, ViolationCase c, IReadOnlyList<AttachmentView> files, IReadOnlyList<CaseEventView>? history)
    {
        var seesReporter = actor.IsIn(Role.Office) || actor.IsIn(Role.Supervisor) || actor.IsIn(Role.Committee) || (actor.Community is not null && actor.Community == c.Community);
        var open = c.Status is not (ViolationStatus.Closed or ViolationStatus.Dismissed);
        return new CaseView(c.Id, c.District, c.Street, c.Community, c.ReportedUnit, c.AdmissionNumber, c.What, c.OccurredOn, c.Evidence, c.Automatic,
            seesReporter ? c.ReportedBy : null, c.ReportedAt, c.Status, c.Remit, c.AnsweringUnits, c.DueAt, c.AnswerDueAt, c.AnsweredAt, c.Finding,
            c.FindingReason, c.FoundAt, c.CorrectionDueAt, c.CorrectedAt, c.ClosedAt, c.DutyOfficer, open && c.DueAt < time.GetUtcNow(), files, history);
    }
}
