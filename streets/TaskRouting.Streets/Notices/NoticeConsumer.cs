using MassTransit;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Contracts.Accountability;
using TaskRouting.Contracts.Dispatch;
using TaskRouting.Messaging.Inbox;
using TaskRouting.Streets.Data;

namespace TaskRouting.Streets.Notices;

/// <summary>Files correction notices and escalations for the street and its communities, once per message id.</summary>
public sealed class NoticeConsumer(StreetsDbContext db, TimeProvider time) : IConsumer<CorrectionNoticeIssued>, IConsumer<EscalationRaised>
{
    public Task Consume(ConsumeContext<CorrectionNoticeIssued> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        return FileAsync(context, new StreetNotice
        {
            Id = m.NoticeId, Kind = StreetNotice.Correction, District = m.District, Street = m.Street, TargetCode = m.Street, ApplicationId = m.ApplicationId,
            AdmissionNumber = m.AdmissionNumber,
            TextZh = $"整改通知:{m.Department} 的事项 {m.AdmissionNumber} 督查发现:{m.Finding}",
            TextEn = $"Correction notice: item {m.AdmissionNumber} of {m.Department}, finding: {m.Finding}",
            DueAt = m.CorrectBy, IssuedAt = m.IssuedAt, ReceivedAt = time.GetUtcNow(),
        });
    }

    public Task Consume(ConsumeContext<EscalationRaised> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        return FileAsync(context, new StreetNotice
        {
            Id = m.EscalationId, Kind = StreetNotice.Escalation, District = m.District, Street = m.Street, TargetCode = m.TargetCode, ApplicationId = m.ApplicationId,
            TextZh = m.TextZh, TextEn = m.TextEn, DueAt = m.DueAt, IssuedAt = m.RaisedAt, ReceivedAt = time.GetUtcNow(),
        });
    }

    private async Task FileAsync(ConsumeContext context, StreetNotice notice)
    {
        var ct = context.CancellationToken;
        if ((await Inbox.ClaimAsync(db, nameof(NoticeConsumer), [context.MessageId!.Value], notice.ReceivedAt, ct)).Count == 0)
        {
            return;
        }

        if (!await db.Set<StreetNotice>().AnyAsync(n => n.Id == notice.Id, ct))
        {
            db.Add(notice);
        }

        await db.SaveChangesAsync(ct);
    }
}
