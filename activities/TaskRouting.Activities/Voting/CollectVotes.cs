using System.Globalization;
using System.Text.Json.Nodes;
using CloseVoting = TaskRouting.Contracts.Voting.CloseVoting;
using RequestVote = TaskRouting.Contracts.Voting.RequestVote;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.Escalation;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Messaging.Outbox;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Voting;

/// <summary>
/// Puts the application to the vote of every street and community concerned. Each votes approve, reject or abstain
/// with a comment, and may change its vote until the tally. Those who have not voted are reminded, then escalated to
/// their street, then to the supervisor, on days counted in working days; the tally runs when all have voted or the
/// deadline passes. The item passes when approvals reach the threshold of eligible voters (or of votes cast):
/// threshold and rule are inputs, so a district changes them in the Studio.
/// </summary>
[Activity("TaskRouting.Admission.Vote",
    CategoryZh = "准入", CategoryEn = "Admission",
    DisplayNameZh = "街道社区表决", DisplayNameEn = "Street and community vote",
    DescriptionZh = "向相关街道和社区发起表决,按比例计票。", DescriptionEn = "Asks the streets and communities concerned to vote; tallies against the threshold.",
    Kind = ActivityKind.Task, MayWait = true)]
[Input("passThreshold", typeof(double), DisplayNameZh = "通过比例", DisplayNameEn = "Pass threshold", DefaultValue = "0.6", Order = 1,
    DescriptionZh = "0–1 之间,例如 0.6 表示 60%", DescriptionEn = "Between 0 and 1; 0.6 means 60%")]
[Input("passRule", typeof(string), DisplayNameZh = "计票规则", DisplayNameEn = "Counting rule", DefaultValue = EligibleRule, Order = 2,
    UiHint = UiHints.Dropdown, Options = [EligibleRule, CastRule],
    DescriptionZh = "approvalsOfEligible:赞成数占全部应投票单位;approvalsOfVotesCast:赞成数占赞成与反对之和",
    DescriptionEn = "approvalsOfEligible: approvals over all eligible voters; approvalsOfVotesCast: approvals over approvals plus rejections")]
[Input("voteWorkingDays", typeof(int), DisplayNameZh = "表决期限(工作日)", DisplayNameEn = "Voting period (working days)", DefaultValue = "5", Order = 3)]
[Input("reminderWorkingDays", typeof(int), DisplayNameZh = "提醒(工作日)", DisplayNameEn = "Reminder after (working days)", DefaultValue = "2", Order = 4)]
[Input("streetEscalationWorkingDays", typeof(int), DisplayNameZh = "上报街道(工作日)", DisplayNameEn = "Escalate to the street after (working days)", DefaultValue = "3", Order = 5)]
[Input("supervisorEscalationWorkingDays", typeof(int), DisplayNameZh = "上报督查室(工作日)", DisplayNameEn = "Escalate to the supervisor after (working days)", DefaultValue = "4", Order = 6)]
[Input("resultVariable", typeof(string), DisplayNameZh = "计票结果变量", DisplayNameEn = "Tally variable", DefaultValue = "tally", Order = 7)]
[Outcome(Passed, DisplayNameZh = "通过", DisplayNameEn = "Passed")]
[Outcome(Failed, DisplayNameZh = "未通过", DisplayNameEn = "Failed")]
public sealed class CollectVotes : AdmissionActivity
{
    public const string Stimulus = "VoteCast";
    public const string Passed = "Passed";
    public const string Failed = "Failed";
    public const string EligibleRule = "approvalsOfEligible";
    public const string CastRule = "approvalsOfVotesCast";

    private static readonly string[] Steps = ["reminder", "street", "supervisor", "deadline"];

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var db = Db(context);
        var application = await ApplicationAsync(context, cancellationToken);
        var communities = await TargetUnits.CommunitiesAsync(db, application, cancellationToken);
        var streets = TargetUnits.Streets(application, communities);
        var deadline = WorkingDaysFromNow(context, Days(context, "voteWorkingDays", 1));
        var milestones = new JsonObject
        {
            ["reminder"] = WorkingDaysFromNow(context, Days(context, "reminderWorkingDays")).ToString("O"),
            ["street"] = WorkingDaysFromNow(context, Days(context, "streetEscalationWorkingDays")).ToString("O"),
            ["supervisor"] = WorkingDaysFromNow(context, Days(context, "supervisorEscalationWorkingDays")).ToString("O"),
            ["deadline"] = deadline.ToString("O"),
        };
        context.State["milestones"] = milestones;

        // A second vote on the same application (after a loop in the flow) starts from clean rows.
        var old = await db.Set<VoteRequest>().Where(v => v.ApplicationId == application.Id).ToDictionaryAsync(v => v.VoterCode, StringComparer.Ordinal, cancellationToken);
        var voters = streets.Select(s => (Code: s, Kind: "street", Street: s))
            .Concat(communities.Select(c => (c.Code, Kind: "community", Street: c.StreetCode))).ToList();
        foreach (var (code, kind, street) in voters)
        {
            if (old.Remove(code, out var again))
            {
                again.Deadline = deadline;
                again.Choice = null;
                again.Comment = null;
                again.VotedAt = null;
                again.VotedBy = null;
                again.ClosedAt = null;
                again.RemindedAt = again.EscalatedToStreetAt = again.EscalatedToSupervisorAt = null;
                again.RequestId = Guid.CreateVersion7(context.Now);
                AskToVote(db, application, again, context.Now);
                continue;
            }

            var request = new VoteRequest
            {
                ApplicationId = application.Id, VoterCode = code, District = application.District, VoterKind = kind, StreetCode = street,
                RequestedAt = context.Now, Deadline = deadline, RequestId = Guid.CreateVersion7(context.Now),
            };
            db.Add(request);
            AskToVote(db, application, request, context.Now);
        }

        db.RemoveRange(old.Values);
        var count = voters.Count;
        if (count == 0)
        {
            throw new ActivityFaultException("申请没有可表决的街道或社区 / The application reaches no street or community to vote");
        }

        ApplicationLog.Move(db, application, ApplicationStage.Voting, "vote-requested",
            new($"已请 {count} 个街道和社区表决", $"{count} streets and communities were asked to vote"), context.Actor, context.Now,
            new("街道和社区表决", "the streets' and communities' votes"), deadline);
        return new ActivityResult.Suspend([new BookmarkRequest(Stimulus, context.Instance.InstanceId), NextDeadline(context, context.Now)!]);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumption);
        var db = Db(context);
        var application = await ApplicationAsync(context, cancellationToken);
        if (!IsDeadline(resumption)
            && await db.Set<VoteRequest>().AnyAsync(v => v.ApplicationId == application.Id && v.Choice == null, cancellationToken))
        {
            // A vote was cast or changed and some are still missing: wait for the next one (counted in SQL, no rows loaded).
            return ActivityResult.Wait(new BookmarkRequest(Stimulus, context.Instance.InstanceId));
        }

        var votes = await db.Set<VoteRequest>().Where(v => v.ApplicationId == application.Id).ToListAsync(cancellationToken);
        if (!IsDeadline(resumption))
        {
            return Tally(context, application, votes);
        }

        var step = Step(resumption);
        var missing = votes.Where(v => v.Choice is null).ToList();
        switch (step)
        {
            case "reminder":
                foreach (var voter in missing)
                {
                    voter.RemindedAt = context.Now;
                    await Alerts.RaiseAsync(db, $"vote-reminder:{application.Id}:{voter.VoterCode}", application.District, AlertKind.Reminder,
                        voter.VoterKind, voter.VoterCode, application.Id,
                        new($"请对“{application.Title}”表决,截止 {voter.Deadline:yyyy-MM-dd}", $"Please vote on “{application.Title}” by {voter.Deadline:yyyy-MM-dd}"),
                        context.Now, voter.Deadline, cancellationToken, street: voter.StreetCode);
                }

                ApplicationLog.Note(db, application, "vote-reminded", new($"已提醒 {missing.Count} 个未表决单位", $"{missing.Count} voters were reminded"), "system", context.Now);
                break;
            case "street":
                foreach (var group in missing.GroupBy(v => v.StreetCode))
                {
                    foreach (var voter in group)
                    {
                        voter.EscalatedToStreetAt = context.Now;
                    }

                    await Alerts.RaiseAsync(db, $"vote-street:{application.Id}:{group.Key}", application.District, AlertKind.Escalation, "street", group.Key,
                        application.Id,
                        new($"辖区内 {group.Count()} 个单位尚未对“{application.Title}”表决:{string.Join("、", group.Select(v => v.VoterCode))}",
                            $"{group.Count()} voters of your street have not voted on “{application.Title}”: {string.Join(", ", group.Select(v => v.VoterCode))}"),
                        context.Now, group.First().Deadline, cancellationToken);
                }

                ApplicationLog.Note(db, application, "vote-escalated-street", new($"{missing.Count} 个未表决单位已上报街道", $"{missing.Count} missing votes escalated to their streets"), "system", context.Now);
                break;
            case "supervisor":
                foreach (var voter in missing)
                {
                    voter.EscalatedToSupervisorAt = context.Now;
                }

                if (missing.Count > 0)
                {
                    await Alerts.RaiseAsync(db, $"vote-supervisor:{application.Id}", application.District, AlertKind.Escalation, "supervisor", application.District,
                        application.Id,
                        new($"“{application.Title}”仍有 {missing.Count} 个单位未表决:{string.Join("、", missing.Select(v => v.VoterCode))}",
                            $"“{application.Title}” still misses {missing.Count} votes: {string.Join(", ", missing.Select(v => v.VoterCode))}"),
                        context.Now, missing[0].Deadline, cancellationToken);
                }

                ApplicationLog.Note(db, application, "vote-escalated-supervisor", new($"{missing.Count} 个未表决单位已上报督查室", $"{missing.Count} missing votes escalated to the supervisor"), "system", context.Now);
                break;
            default:
                return Tally(context, application, votes);
        }

        var next = NextDeadline(context, context.Now);
        return next is null ? Tally(context, application, votes) : ActivityResult.Wait(next);
    }

    /// <summary>The next milestone timer after now (milestones already past fire at once, in order).</summary>
    private static BookmarkRequest? NextDeadline(ActivityContext context, DateTimeOffset now)
    {
        var milestones = context.State["milestones"]!.AsObject();
        var done = context.State["done"]?.GetValue<int>() ?? 0;
        if (done >= Steps.Length)
        {
            return null;
        }

        context.State["done"] = done + 1;
        var step = Steps[done];
        var at = DateTimeOffset.Parse(milestones[step]!.GetValue<string>(), CultureInfo.InvariantCulture);
        return Deadline(at < now ? now : at, step);
    }

    private static void AskToVote(DbContext db, Application application, VoteRequest request, DateTimeOffset now) =>
        Outbox.Add(db, new RequestVote
        {
            VoteRequestId = request.RequestId, ApplicationId = application.Id, District = application.District, Street = request.StreetCode,
            VoterCode = request.VoterCode, Department = application.Department, Title = application.Title, Description = application.Description,
            WorkloadHoursPerMonth = application.WorkloadHoursPerMonth, FundingPerCommunity = application.FundingPerCommunity,
            BurdenFlagged = application.BurdenFlagged, Deadline = request.Deadline, RequestedAt = now,
        }, now);

    private ActivityResult Tally(ActivityContext context, Application application, List<VoteRequest> votes)
    {
        var threshold = context.Get<double?>("passThreshold") ?? 0.6;
        if (threshold is <= 0 or > 1)
        {
            throw new ActivityFaultException($"通过比例须在 0 到 1 之间(现为 {threshold})/ passThreshold must be in (0, 1] (it is {threshold})");
        }

        var rule = context.Get<string>("passRule") ?? EligibleRule;
        var result = Count(votes, (decimal)threshold, rule);
        foreach (var vote in votes)
        {
            vote.ClosedAt = context.Now;
        }

        var db = Db(context);
        foreach (var street in votes.Select(v => v.StreetCode).Distinct(StringComparer.Ordinal))
        {
            Outbox.Add(db, new CloseVoting
            {
                ApplicationId = application.Id, District = application.District, Street = street,
                Result = $"{(result.Passed ? "通过" : "未通过")} / {(result.Passed ? "Passed" : "Failed")}: {result.Approvals}/{result.Eligible}",
                ClosedAt = context.Now,
            }, context.Now);
        }

        context.SetVariable(context.Get<string>("resultVariable") ?? "tally", result.ToJson());
        var outcome = result.Passed ? Passed : Failed;
        var zh = $"赞成 {result.Approvals}、反对 {result.Rejections}、弃权 {result.Abstentions}、未表决 {result.NotVoted},共 {result.Eligible} 个单位;通过线 {threshold:P0}";
        var en = $"{result.Approvals} approve, {result.Rejections} reject, {result.Abstentions} abstain, {result.NotVoted} did not vote, of {result.Eligible}; pass line {threshold:P0}";
        ApplicationLog.Decide(db, application, outcome, $"{zh} / {en}", context.Now);
        // The history line in each language with its own half (the committee's page shows it as the vote result).
        ApplicationLog.Note(Db(context), application, "vote-tallied",
            new($"表决{(result.Passed ? "通过" : "未通过")}:{zh}", $"The vote {(result.Passed ? "passed" : "failed")}: {en}"),
            "system", context.Now);
        return ActivityResult.Outcome(outcome);
    }

    /// <summary>Counts the votes. The comparison is exact (decimal): 60% of 10 needs 6 approvals; 599 of 1,000 is 59.9% and fails.</summary>
    public static VoteTally Count(IReadOnlyCollection<VoteRequest> votes, decimal threshold, string rule)
    {
        ArgumentNullException.ThrowIfNull(votes);
        var approvals = votes.Count(v => v.Choice == VoteChoice.Approve);
        var rejections = votes.Count(v => v.Choice == VoteChoice.Reject);
        var abstentions = votes.Count(v => v.Choice == VoteChoice.Abstain);
        var denominator = string.Equals(rule, CastRule, StringComparison.Ordinal) ? approvals + rejections : votes.Count;
        var passed = denominator > 0 && approvals >= threshold * denominator;
        return new VoteTally(votes.Count, approvals, rejections, abstentions, votes.Count - approvals - rejections - abstentions, threshold, rule, passed);
    }
}

/// <summary>The result of a vote.</summary>
public sealed record VoteTally(int Eligible, int Approvals, int Rejections, int Abstentions, int NotVoted, decimal Threshold, string Rule, bool Passed)
{
    public JsonObject ToJson() => new()
    {
        ["eligible"] = Eligible, ["approvals"] = Approvals, ["rejections"] = Rejections, ["abstentions"] = Abstentions,
        ["notVoted"] = NotVoted, ["threshold"] = Threshold, ["rule"] = Rule, ["passed"] = Passed,
    };
}
