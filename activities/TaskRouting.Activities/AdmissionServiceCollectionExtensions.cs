using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TaskRouting.Activities.Approval;
using TaskRouting.Activities.Burden;
using TaskRouting.Activities.Dispatch;
using TaskRouting.Activities.Escalation;
using TaskRouting.Activities.Evaluation;
using TaskRouting.Activities.Funding;
using TaskRouting.Activities.Inspection;
using TaskRouting.Activities.Intake;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Activities.Review;
using TaskRouting.Activities.Screening;
using TaskRouting.Activities.Voting;
using TaskRouting.Workflows.Runtime;
using TaskRouting.Workflows.Runtime.Activities.Human;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities;

/// <summary>The admission domain's one DI entry point.</summary>
public static class AdmissionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the domain services, the working-day calendar (as the runtime's business calendar), the completion
    /// checks and every admission activity. The host applies <c>ApplyAdmissionModel()</c> to its DbContext.
    /// </summary>
    public static IServiceCollection AddAdmission(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var options = services.AddOptions<AdmissionOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(AdmissionOptions.Section));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CalendarStore>();
        services.Replace(ServiceDescriptor.Singleton<IBusinessCalendar>(sp => sp.GetRequiredService<CalendarStore>()));
        services.AddHostedService<CalendarRefresher>();
        services.TryAddScoped<ReferenceLists>();
        services.TryAddScoped<Applications>();
        services.TryAddScoped<FundingLedger>();
        services.TryAddScoped<Evaluations>();
        services.TryAddScoped<InspectionRequests>();
        services.TryAddScoped<ReviewWindows>();
        services.TryAddScoped<CalendarWatch>();
        services.TryAddScoped<BurdenDashboard>();
        services.AddScoped<IHumanTaskCompletionCheck, ScreeningCompletionCheck>();
        services.AddScoped<IHumanTaskCompletionCheck, FundingCompletionCheck>();
        services.TryAddScoped<Violations.ViolationCases>();
        services.TryAddScoped<Violations.DutyRoster>();
        services.TryAddScoped<Violations.ViolationFollowUp>();
        services.TryAddScoped<Notices.Notices>();
        services.AddScoped<IHumanTaskCompletionCheck, Violations.TriageCompletionCheck>();
        services.AddScoped<IHumanTaskCompletionCheck, Violations.FindingCompletionCheck>();

        services.AddActivity<ScreenApplication>()
            .AddActivity<AwaitReviewWindow>()
            .AddActivity<ReviewInBatch>()
            .AddActivity<CollectVotes>()
            .AddActivity<CommitteeApproval>()
            .AddActivity<ApproveEmergency>()
            .AddActivity<AdmitToPlanList>()
            .AddActivity<ConfirmFunding>()
            .AddActivity<DispatchToCommunities>()
            .AddActivity<InspectWork>()
            .AddActivity<IssueCorrectionNotice>()
            .AddActivity<CloseApplication>()
            .AddActivity<Violations.TriageViolation>()
            .AddActivity<Violations.AnswerViolation>()
            .AddActivity<Violations.RecordFinding>()
            .AddActivity<Violations.ReportCorrection>()
            .AddActivity<Violations.VerifyCorrection>()
            .AddActivity<Violations.CloseViolationCase>();
        return services;
    }

    /// <summary>
    /// Registers the central side's consumers of the street subsystems' answers (votes, dispatch answers, violation reports), each on
    /// its own queue as its definition names it.
    /// </summary>
    public static IBusRegistrationConfigurator AddAdmissionConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<VoteCastConsumer, VoteCastConsumerDefinition>();
        bus.AddConsumer<DispatchAnswersConsumer, DispatchAnswersConsumerDefinition>();
        bus.AddConsumer<Violations.ViolationReportedConsumer>().Endpoint(e => e.Name = "central-violations");
        return bus;
    }
}
