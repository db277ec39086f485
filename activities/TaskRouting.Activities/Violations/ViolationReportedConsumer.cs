using MassTransit;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Contracts.Accountability;
using TaskRouting.Messaging.Inbox;

namespace TaskRouting.Activities.Violations;

/// <summary>
/// A violation report from a street subsystem (by a person, or by the gateway refusing work not on the plan list)
/// opens one case, whose workflow puts it in the office's triage inbox; a redelivery opens nothing more.
/// </summary>
public sealed class ViolationReportedConsumer(DbContext db, ViolationCases cases, TimeProvider time) : IConsumer<ViolationReported>
{
    public async Task Consume(ConsumeContext<ViolationReported> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        if ((await Inbox.ClaimAsync(db, nameof(ViolationReportedConsumer), [context.MessageId!.Value], time.GetUtcNow(), ct)).Count == 0)
        {
            return;
        }

        // The inbox row commits with the case and its workflow's first burst.
        await cases.OpenAsync(context.Message, ct);
    }
}
