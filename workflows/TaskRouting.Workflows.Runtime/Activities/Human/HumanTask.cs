using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Runtime.Activities.Human;

/// <summary>
/// A task for a person: assigned to a role within a scope, due in working days (by the host's business calendar)
/// or hours, completed through the API with one of its outcomes and a comment. It shows in the assignee's inbox
/// while its bookmark exists.
/// </summary>
[Activity("TaskRouting.HumanTask",
    CategoryZh = "人工", CategoryEn = "Human",
    DisplayNameZh = "人工任务", DisplayNameEn = "Human task",
    DescriptionZh = "分配给某一角色和范围的待办,按所选结果继续。", DescriptionEn = "A task assigned to a role and scope; continues by the outcome chosen.",
    Kind = ActivityKind.Task, MayWait = true, OutcomesFromInput = "outcomes")]
[Input("title", typeof(string), DisplayNameZh = "标题", DisplayNameEn = "Title", Required = true, Order = 1)]
[Input("description", typeof(string), DisplayNameZh = "说明", DisplayNameEn = "Description", UiHint = UiHints.MultiLine, Order = 2)]
[Input("assigneeRole", typeof(string), DisplayNameZh = "办理角色", DisplayNameEn = "Assignee role", Required = true, Order = 3,
    DescriptionZh = "如 office、committee、department", DescriptionEn = "e.g. office, committee, department")]
[Input("assigneeScope", typeof(string), DisplayNameZh = "办理范围", DisplayNameEn = "Assignee scope", Order = 4,
    DescriptionZh = "区、部门、街道或社区编码", DescriptionEn = "A district, department, street or community code")]
[Input("outcomes", typeof(string[]), DisplayNameZh = "办理结果", DisplayNameEn = "Outcomes", Required = true, Order = 5, DefaultValue = "Done",
    UiHint = UiHints.DynamicOutcomes,
    DescriptionZh = "可选结果,每个结果成为一个出口(也可写成逗号分隔的文本)", DescriptionEn = "Possible outcomes; each becomes an outcome port (a comma-separated text works too)")]
[Input("dueWorkingDays", typeof(int), DisplayNameZh = "期限(工作日)", DisplayNameEn = "Due in working days", Order = 6)]
[Input("dueHours", typeof(double), DisplayNameZh = "期限(小时)", DisplayNameEn = "Due in hours", Order = 7)]
[Input("resultVariable", typeof(string), DisplayNameZh = "结果变量", DisplayNameEn = "Result variable", Order = 8)]
public sealed class HumanTask : WorkflowActivity
{
    public const string Stimulus = "HumanTask";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var outcomes = context.GetRequired<string[]>("outcomes");
        if (outcomes.Length == 0)
        {
            throw new ActivityFaultException("人工任务至少需要一个结果 / A human task needs at least one outcome");
        }

        var payload = new JsonObject
        {
            ["title"] = context.GetRequired<string>("title"),
            ["description"] = context.Get<string>("description"),
            ["assigneeRole"] = context.GetRequired<string>("assigneeRole"),
            ["assigneeScope"] = context.Get<string>("assigneeScope"),
            ["outcomes"] = new JsonArray(outcomes.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()),
            ["dueAt"] = DueAt(context)?.ToString("O"),
        };
        return ValueTask.FromResult(ActivityResult.Wait(new BookmarkRequest(Stimulus, Payload: payload)));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken)
    {
        var outcome = resumption.Payload?["outcome"]?.GetValue<string>();
        var allowed = resumption.Bookmark.Payload?["outcomes"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
        if (outcome is null || !allowed.Contains(outcome, StringComparer.Ordinal))
        {
            throw new ActivityFaultException($"结果 {outcome} 不是此任务的结果({string.Join("、", allowed)})/ {outcome} is not an outcome of this task ({string.Join(", ", allowed)})");
        }

        if (context.Get<string>("resultVariable") is { Length: > 0 } variable)
        {
            context.SetVariable(variable, new JsonObject
            {
                ["outcome"] = outcome,
                ["comment"] = resumption.Payload?["comment"]?.DeepClone(),
                ["actor"] = resumption.Actor,
                ["at"] = context.Now.ToString("O"),
            });
        }

        return ValueTask.FromResult(ActivityResult.Outcome(outcome));
    }

    private static DateTimeOffset? DueAt(ActivityContext context)
    {
        var days = context.Get<int?>("dueWorkingDays");
        var hours = context.Get<double?>("dueHours");
        if (days is > 0)
        {
            var calendar = context.Services.GetService<IBusinessCalendar>()
                ?? throw new ActivityFaultException("没有配置工作日历,无法按工作日计算期限 / No business calendar is configured, so a due date in working days cannot be computed");
            try
            {
                return calendar.AddWorkingDays(context.Now, days.Value, context.Get<string>("assigneeScope"));
            }
            catch (CalendarUnavailableException ex)
            {
                throw new ActivityFaultException(ex.Message, ex);
            }
        }

        return hours is > 0 ? context.Now.AddHours(hours.Value) : null;
    }
}
