using MassTransit;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Contracts.Accountability;
using TaskRouting.Messaging.Inbox;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;

namespace TaskRouting.Activities.Escalation;

/// <summary>
/// A violation report from a street subsystem (by a person, or by the gateway refusing work not on the plan list)
/// reaches the committee office as an alert to triage, once per report, and is audited under the reporter's name.
/// </summary>
public sealed class ViolationReportedConsumer(DbContext db, AuditTrail audit, TimeProvider time) : IConsumer<ViolationReported>
{
    public async Task Consume(ConsumeContext<ViolationReported> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        var ct = context.CancellationToken;
        var now = time.GetUtcNow();
        if ((await Inbox.ClaimAsync(db, nameof(ViolationReportedConsumer), [context.MessageId!.Value], now, ct)).Count == 0)
        {
            return;
        }

        var unit = m.Community ?? m.Street;
        var how = m.Automatic ? ("自动拒收并举报", "refused automatically and reported") : ("举报", "reported");
        var raised = await Alerts.RaiseAsync(db, $"violation:{m.ReportId}", m.District, AlertKind.Escalation, "office", m.District, null,
            new($"{unit} {how.Item1}:{m.ReportedUnit} {m.What}" + (m.AdmissionNumber is null ? "" : $"(编号 {m.AdmissionNumber})"),
                $"{unit} {how.Item2}: {m.ReportedUnit} {m.What}" + (m.AdmissionNumber is null ? "" : $" (number {m.AdmissionNumber})")),
            now, null, ct);
        if (raised)
        {
            audit.Record(db, Actor.FromSubsystem(m.ReportedBy, m.District, m.Street, m.Community), "violation.received", "violation-report", m.ReportId.ToString(), null,
                new { m.ReportedUnit, m.AdmissionNumber, m.What, m.OccurredOn, m.Automatic }, m.District);
        }

        await audit.SaveChangesAsync(db, ct);
    }
}
