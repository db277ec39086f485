using TaskRouting.Platform.Http;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;

namespace TaskRouting.Activities.Funding;

/// <summary>The funds ledger: read by the department (its own items), the office, supervisors and auditors; disbursements recorded by the department.</summary>
public sealed class FundingLedger(DbContext db, AuditTrail audit, TimeProvider time)
{
    public Task<List<FundingLedgerEntry>> ReadAsync(Actor actor, Guid? applicationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var query = db.Set<FundingLedgerEntry>().AsNoTracking().Where(f => f.District == actor.District);
        if (!(actor.IsIn(Role.Auditor) || actor.IsIn(Role.Office) || actor.IsIn(Role.Supervisor)))
        {
            query = actor.IsIn(Role.Department) ? query.Where(f => f.Department == actor.Department)
                : actor.Community is not null ? query.Where(f => f.CommunityCode == actor.Community)
                : query.Where(_ => false);
        }

        if (applicationId is not null)
        {
            query = query.Where(f => f.ApplicationId == applicationId);
        }

        return query.OrderBy(f => f.ApplicationId).ThenBy(f => f.CommunityCode).Take(10_000).ToListAsync(cancellationToken);
    }

    /// <summary>Records a payment to a community; it cannot exceed what was confirmed.</summary>
    public async Task<FundingLedgerEntry> DisburseAsync(Actor actor, Guid applicationId, string? community, decimal? amount, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsIn(Role.Department))
        {
            throw new UnauthorizedAccessException("只有委托部门登记拨付 / Only the commissioning department records disbursements");
        }

        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(community))
        {
            errors.Add(new("community", "社区不能为空 / community is required"));
        }

        if (amount is null or <= 0)
        {
            errors.Add(new("amount", "金额须大于 0 / amount must be greater than 0"));
        }

        if (note is { Length: > 1000 })
        {
            errors.Add(new("note", "说明不能超过 1000 个字符 / note must be at most 1000 characters"));
        }

        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }

        var entry = await db.Set<FundingLedgerEntry>().FirstOrDefaultAsync(f => f.ApplicationId == applicationId && f.CommunityCode == community
            && f.District == actor.District && f.Department == actor.Department, cancellationToken)
            ?? throw DomainRejection.Missing($"没有社区 {community} 的经费记录 / No ledger entry for community {community}");
        if (entry.ConfirmedAt is null)
        {
            throw DomainRejection.StateConflict("经费尚未确认,不能拨付 / The funding is not confirmed yet");
        }

        if (entry.Disbursed + amount!.Value > entry.Confirmed)
        {
            throw DomainRejection.Invalid("amount", $"累计拨付不能超过确认的 {entry.Confirmed:0.00} 元(已拨 {entry.Disbursed:0.00})/ disbursements cannot exceed the confirmed {entry.Confirmed:0.00} (already {entry.Disbursed:0.00})");
        }

        var now = time.GetUtcNow();
        var before = entry.Disbursed;
        entry.Disbursed += amount.Value;
        entry.UpdatedAt = now;
        db.Add(new FundingDisbursement
        {
            Id = Guid.NewGuid(), ApplicationId = applicationId, CommunityCode = community!, District = entry.District, Amount = amount.Value,
            Note = note, RecordedBy = actor.Name, At = now,
        });
        audit.Record(db, actor, "funding.disbursed", "funding-ledger", $"{applicationId}:{community}", new { disbursed = before },
            new { disbursed = entry.Disbursed, amount, note }, entry.District);
        await audit.SaveChangesAsync(db, cancellationToken);
        return entry;
    }
}
