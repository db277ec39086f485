using Microsoft.EntityFrameworkCore;
using TaskRouting.Contracts.Dispatch;
using TaskRouting.Messaging.Outbox;
using TaskRouting.Activities.Escalation;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Platform.Persistence;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Dispatch;

/// <summary>
/// Dispatches the admitted item to every target community. Each acknowledges, then reports completion (or refuses
/// with a reason). Unacknowledged dispatches escalate to their street after the acknowledgement deadline; the step
/// ends when every community has completed or refused.
/// </summary>
[Activity("TaskRouting.Admission.Dispatch",
    CategoryZh = "准入", CategoryEn = "Admission",
    DisplayNameZh = "下派社区", DisplayNameEn = "Dispatch to communities",
    DescriptionZh = "向每个目标社区下派事项,等待签收和办结。", DescriptionEn = "Dispatches the item to each community; waits for acknowledgements and completions.",
    Kind = ActivityKind.Task, MayWait = true)]
[Input("acknowledgeWorkingDays", typeof(int), DisplayNameZh = "签收期限(工作日)", DisplayNameEn = "Acknowledge within (working days)", DefaultValue = "3")]
[Outcome("Done", DisplayNameZh = "全部办结", DisplayNameEn = "All settled")]
public sealed class DispatchToCommunities : AdmissionActivity
{
    public const string Stimulus = "DispatchProgress";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var db = Db(context);
        var application = await ApplicationAsync(context, cancellationToken);
        if (application.AdmissionNumber is null)
        {
            throw new ActivityFaultException("事项尚无准入号,不能下派 / The item has no admission number; it cannot be dispatched");
        }

        var communities = await TargetUnits.CommunitiesAsync(db, application, cancellationToken);
        var ackBy = WorkingDaysFromNow(context, Days(context, "acknowledgeWorkingDays", 1));
        var existing = (await db.Set<DispatchRecord>().Where(d => d.ApplicationId == application.Id).Select(d => d.CommunityCode).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var records = communities.Where(c => !existing.Contains(c.Code)).Select(community => new DispatchRecord
        {
            DispatchId = Guid.CreateVersion7(context.Now),
            ApplicationId = application.Id, CommunityCode = community.Code, District = application.District, StreetCode = community.StreetCode,
            AdmissionNumber = application.AdmissionNumber, Title = application.Title, Status = DispatchStatus.Dispatched,
            DispatchedAt = context.Now, AcknowledgeBy = ackBy,
        }).ToList();
        var messages = records.Select(record => new DispatchTask
        {
            DispatchId = record.DispatchId, ApplicationId = application.Id, AdmissionNumber = record.AdmissionNumber, District = record.District,
            Street = record.StreetCode, Community = record.CommunityCode, Department = application.Department, Title = application.Title,
            Description = application.Description, WorkloadHoursPerMonth = application.WorkloadHoursPerMonth, Funding = application.FundingPerCommunity,
            AcknowledgeBy = ackBy, DispatchedAt = context.Now,
        }).ToList();
        // A city has thousands of communities: the records and their messages are written set-based when the burst
        // commits, in its transaction, rather than tracked one entity at a time.
        var now = context.Now;
        context.WriteOnCommit((store, ct) => BulkInsert.InsertAsync(store, records, ct));
        context.WriteOnCommit((store, ct) => Outbox.InsertAsync(store, messages, now, ct));

        ApplicationLog.Move(db, application, ApplicationStage.Dispatch, "dispatched",
            new($"已下派 {communities.Count} 个社区", $"Dispatched to {communities.Count} communities"), context.Actor, context.Now,
            new("社区签收并办结", "the communities' acknowledgements and completions"), ackBy);
        return new ActivityResult.Suspend([new BookmarkRequest(Stimulus, context.Instance.InstanceId), Deadline(ackBy, "acknowledge")]);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumption);
        var db = Db(context);
        var application = await ApplicationAsync(context, cancellationToken);
        if (!IsDeadline(resumption))
        {
            // Progress: counted in SQL, so each of many completions does not load every community's row.
            var open = await db.Set<DispatchRecord>().CountAsync(d => d.ApplicationId == application.Id
                && (d.Status == DispatchStatus.Dispatched || d.Status == DispatchStatus.Acknowledged), cancellationToken);
            if (open > 0)
            {
                application.WaitingForZh = $"{open} 个社区尚未办结";
                application.WaitingForEn = $"{open} communities have not completed yet";
                return ActivityResult.Wait(new BookmarkRequest(Stimulus, context.Instance.InstanceId));
            }
        }

        var records = await db.Set<DispatchRecord>().Where(d => d.ApplicationId == application.Id).ToListAsync(cancellationToken);
        if (IsDeadline(resumption))
        {
            var late = records.Where(r => r.Status == DispatchStatus.Dispatched).ToList();
            foreach (var group in late.GroupBy(r => r.StreetCode))
            {
                foreach (var record in group)
                {
                    record.EscalatedAt = context.Now;
                }

                await Alerts.RaiseAsync(db, $"dispatch-ack:{application.Id}:{group.Key}", application.District, AlertKind.Escalation, "street", group.Key,
                    application.Id,
                    new($"辖区内 {group.Count()} 个社区未签收“{application.Title}”", $"{group.Count()} communities of your street have not acknowledged “{application.Title}”"),
                    context.Now, null, cancellationToken);
            }

            if (late.Count > 0)
            {
                ApplicationLog.Note(db, application, "dispatch-ack-overdue",
                    new($"{late.Count} 个社区逾期未签收,已上报街道", $"{late.Count} communities did not acknowledge in time; escalated to their streets"), "system", context.Now);
            }

            return new ActivityResult.Absorb("acknowledgement deadline passed; still waiting for completions");
        }

        var refused = records.Count(r => r.Status == DispatchStatus.Refused);
        ApplicationLog.Note(db, application, "dispatch-settled",
            new($"{records.Count - refused} 个社区办结,{refused} 个拒绝", $"{records.Count - refused} communities completed, {refused} refused"), "system", context.Now);
        return ActivityResult.Done();
    }
}
