using Microsoft.EntityFrameworkCore;
using TaskRouting.Contracts;
using TaskRouting.Contracts.Accountability;
using TaskRouting.Messaging.Outbox;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Organisation;
using TaskRouting.Streets.Data;

namespace TaskRouting.Streets.Violations;

/// <summary>What a street or community reports: which department pushed what work on it, when, with what evidence.</summary>
/// <param name="ReportedUnit">The department's code.</param>
/// <param name="AdmissionNumber">The admission number the work claimed, if any.</param>
/// <param name="What">What was pushed on the unit.</param>
/// <param name="OccurredOn">When (China date).</param>
/// <param name="Evidence">Evidence as text.</param>
/// <param name="Attachments">Evidence files: photos (JPEG, PNG) or PDF, at most 3 of 2 MiB each.</param>
public sealed record ViolationForm(
    string? ReportedUnit, string? AdmissionNumber, string? What, DateOnly? OccurredOn, string? Evidence, IReadOnlyList<AttachmentForm>? Attachments = null);

/// <summary>An evidence file as the reporter uploads it.</summary>
/// <param name="FileName">The file's name.</param>
/// <param name="ContentType">image/jpeg, image/png or application/pdf.</param>
/// <param name="ContentBase64">The file's bytes, base64.</param>
public sealed record AttachmentForm(string? FileName, string? ContentType, string? ContentBase64);

/// <summary>Violation reports (举报) made in the street subsystem, by people or by the gateway itself; each goes to the central side.</summary>
public sealed class ViolationReports(StreetsDbContext db, AuditTrail audit, TimeProvider time)
{
    /// <summary>The reports of the caller's unit (a street sees its communities' too), newest first.</summary>
    public Task<List<ViolationReport>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var unit = StreetSide.Unit(actor);
        var query = db.Set<ViolationReport>().AsNoTracking().Where(r => r.District == actor.District);
        query = actor.IsIn(Role.Community) ? query.Where(r => r.Community == unit) : query.Where(r => r.Street == unit);
        return query.OrderByDescending(r => r.ReportedAt).Take(500).ToListAsync(cancellationToken);
    }

    /// <summary>Validates, stores, audits and sends a report in one transaction.</summary>
    public async Task<ViolationReport> ReportAsync(Actor actor, ViolationForm? form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var unit = StreetSide.Unit(actor);
        var errors = new List<FieldError>();
        var now = time.GetUtcNow();
        if (form is null)
        {
            throw DomainRejection.Invalid("body", "请提交举报内容 / a report is required");
        }

        if (string.IsNullOrWhiteSpace(form.ReportedUnit))
        {
            errors.Add(new("reportedUnit", "被举报部门不能为空 / reportedUnit is required"));
        }
        else if (!await db.Set<Department>().AnyAsync(d => d.Code == form.ReportedUnit && d.DistrictCode == actor.District, cancellationToken))
        {
            errors.Add(new("reportedUnit", $"本区没有部门 {form.ReportedUnit} / There is no department {form.ReportedUnit} in this district"));
        }

        if (string.IsNullOrWhiteSpace(form.What))
        {
            errors.Add(new("what", "举报事项不能为空 / what is required"));
        }

        if (form.OccurredOn is null)
        {
            errors.Add(new("occurredOn", "发生日期不能为空 / occurredOn is required"));
        }
        else if (form.OccurredOn > DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime))
        {
            errors.Add(new("occurredOn", "发生日期不能晚于今天 / occurredOn cannot be in the future"));
        }

        if (form.AdmissionNumber is not null && !AdmissionNumber.TryParse(form.AdmissionNumber, out _))
        {
            errors.Add(new("admissionNumber", "准入编号格式应为 DX-2026-H1-001 / admissionNumber must read like DX-2026-H1-001"));
        }

        StreetSide.Length(errors, "what", form.What, 4000);
        StreetSide.Length(errors, "evidence", form.Evidence, 8000);
        var attachments = EvidenceFiles.Check(form.Attachments, errors);
        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }

        var report = new ViolationReport
        {
            ReportId = Guid.CreateVersion7(now), District = actor.District!, Street = actor.Street ?? unit, Community = actor.IsIn(Role.Community) ? unit : null,
            ReportedUnit = form.ReportedUnit!, AdmissionNumber = form.AdmissionNumber, What = form.What!.Trim(), OccurredOn = form.OccurredOn!.Value,
            Evidence = form.Evidence, Automatic = false, ReportedBy = actor.Name, ReportedAt = now,
            Attachments = attachments.Select(a => new AttachmentRecord { FileName = a.FileName, ContentType = a.ContentType, Size = a.Content.Length, Sha256 = EvidenceFiles.Hash(a.Content) }).ToList(),
        };
        db.Add(report);
        Outbox.Add(db, ToMessage(report) with { Attachments = attachments.Count == 0 ? null : attachments }, now);
        audit.Record(db, actor, "violation.reported", "violation-report", report.ReportId.ToString(), null,
            new { report.ReportedUnit, report.AdmissionNumber, report.What, report.OccurredOn, attachments = report.Attachments.Select(a => new { a.FileName, a.Size, a.Sha256 }) }, report.District);
        await audit.SaveChangesAsync(db, cancellationToken);
        return report;
    }

    /// <summary>The message the central side receives for a report.</summary>
    internal static ViolationReported ToMessage(ViolationReport report) => new()
    {
        ReportId = report.ReportId, District = report.District, Street = report.Street, Community = report.Community, ReportedUnit = report.ReportedUnit,
        AdmissionNumber = report.AdmissionNumber, What = report.What, OccurredOn = report.OccurredOn, Evidence = report.Evidence, Automatic = report.Automatic,
        ReportedBy = report.ReportedBy, ReportedAt = report.ReportedAt,
    };
}
