using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Activities.Approval;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Contracts.Dispatch;
using TaskRouting.Messaging;
using TaskRouting.Server.Data;
using TaskRouting.Server.IntegrationTests.Admission;
using TaskRouting.Workflows.Runtime.Execution;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Server.IntegrationTests.Streets;

/// <summary>
/// A gateway that acknowledges on receipt, on the real RabbitMQ and PostgreSQL: the shipped dispatch step writes its
/// records and messages set-based (COPY), the gateway stores each batch set-based and acknowledges it in one
/// <see cref="TasksAcknowledged"/>, and the central side records the batch set-based, once per message id.
/// </summary>
[Collection(AcknowledgeOnReceiptCollection.Name)]
public sealed class AcknowledgeOnReceiptTests(AcknowledgeOnReceiptFixture server)
{
    [Fact]
    public async Task DispatchToTheDistrict_IsAcknowledgedInBatches_AndARedeliveryCountsOnce()
    {
        var (applicationId, number) = await AdmitAsync();
        await StartDispatchAsync(applicationId);

        var communities = AdmissionFixture.Communities.Count();
        Task<long> Acknowledged() => server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM adm_dispatches WHERE \"ApplicationId\" = '{applicationId}' AND \"Status\" = 'Acknowledged' AND \"AcknowledgedAt\" IS NOT NULL");
        await AdmissionFixture.EventuallyAsync(async () => await Acknowledged() == communities, "every dispatch acknowledged centrally");

        // The gateway stored each task once and answered in batches, not one message per task.
        Assert.Equal(communities, await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM gw_tasks WHERE \"ApplicationId\" = '{applicationId}' AND \"Status\" = 'Acknowledged' AND \"AdmissionNumber\" = '{number}'"));
        var batches = await server.Database.ScalarAsync<long>($"SELECT count(*) FROM gw_outbox WHERE \"MessageType\" = '{typeof(TasksAcknowledged).FullName}'");
        Assert.InRange(batches, 1, communities / 2);
        Assert.Equal(0, await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM gw_outbox WHERE \"MessageType\" = '{typeof(TaskAcknowledged).FullName}' AND \"Body\" LIKE '%{applicationId}%'"));

        // Centrally: every acknowledgement audited (counted per batch) and noted in the history, exactly once.
        Task<long> Audited() => server.Database.ScalarAsync<long>(
            $"SELECT coalesce(sum((\"After\"::jsonb->>'count')::int), 0) FROM audit_entries WHERE \"Action\" = 'dispatch.acknowledge' AND \"EntityId\" = '{applicationId}'");
        Task<long> Noted() => server.Database.ScalarAsync<long>(
            $"SELECT coalesce(sum(split_part(\"TextEn\", ' ', 1)::int), 0) FROM adm_application_events WHERE \"ApplicationId\" = '{applicationId}' AND \"Kind\" = 'dispatch-acknowledge'");
        Assert.Equal(communities, await Audited());
        Assert.Equal(communities, await Noted());

        // A redelivery of the same message and a new message naming dispatches already acknowledged change nothing.
        var (messageId, body) = await FirstBatchAsync();
        var batch = (TasksAcknowledged)MessageTypes.Deserialize(typeof(TasksAcknowledged).FullName, body);
        await server.PublishAsync(batch, messageId);
        var again = Guid.NewGuid();
        await server.PublishAsync(batch with { AcknowledgedAt = batch.AcknowledgedAt.AddMinutes(5) }, again);
        await AdmissionFixture.EventuallyAsync(async () => await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM msg_inbox WHERE \"MessageId\" = '{again}' AND \"Consumer\" = 'DispatchAnswersConsumer'") == 1, "the second message to be consumed");
        await Task.Delay(500);
        Assert.Equal(communities, await Audited());
        Assert.Equal(communities, await Noted());
        Assert.Equal(0, await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM adm_dispatches WHERE \"ApplicationId\" = '{applicationId}' AND \"AcknowledgedAt\" > '{batch.AcknowledgedAt.UtcDateTime:O}'"));
        Assert.Equal("Dispatch", await server.Database.ScalarAsync<string>($"SELECT \"Stage\" FROM adm_applications WHERE \"Id\" = '{applicationId}'"));
    }

    private async Task<(Guid MessageId, string Body)> FirstBatchAsync()
    {
        await using var scope = server.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaskRouting.Streets.Data.StreetsDbContext>();
        var row = Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.Set<TaskRouting.Messaging.Outbox.OutboxMessage>())
            .Where(m => m.MessageType == typeof(TasksAcknowledged).FullName).OrderBy(m => m.Id).First();
        return (row.MessageId, row.Body);
    }

    /// <summary>An application admitted for the whole district, funded, with its plan-list entry in force.</summary>
    private async Task<(Guid Id, string Number)> AdmitAsync()
    {
        var id = Guid.NewGuid();
        const string number = "DX-2026-H2-501";
        await using var scope = server.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaskRoutingDbContext>();
        var now = server.Time.GetUtcNow();
        db.Add(new Application
        {
            Id = id, District = AdmissionFixture.District, Department = AdmissionFixture.Department, Title = "社区签收批量测试", Description = "acknowledge on receipt",
            LegalBasis = "test", WholeDistrict = true, StartDate = new DateOnly(2026, 7, 1), DurationMonths = 6, WorkloadHoursPerMonth = 2, FundingPerCommunity = 100,
            Stage = ApplicationStage.Funding, StageSince = now, AdmissionNumber = number, CreatedBy = "dept", CreatedAt = now, UpdatedAt = now,
        });
        db.Add(new PlanListEntry
        {
            Number = number, District = AdmissionFixture.District, Year = 2026, Series = "H2", Sequence = 501, ApplicationId = id, Title = "社区签收批量测试",
            Department = AdmissionFixture.Department, StartDate = new DateOnly(2026, 7, 1), DurationMonths = 6, AdmittedAt = now, ApprovedBy = "committee",
            Status = PlanEntryStatus.InForce, UpdatedAt = now,
        });
        await db.SaveChangesAsync();
        return (id, number);
    }

    /// <summary>Runs the shipped dispatch activity on its own, as the lifecycle's dispatch step does.</summary>
    private async Task StartDispatchAsync(Guid applicationId)
    {
        var flow = new JsonObject
        {
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart",
                ["activities"] = new JsonArray(
                    new JsonObject { ["id"] = "start", ["type"] = "Elsa.Start" },
                    new JsonObject { ["id"] = "dispatch", ["type"] = "TaskRouting.Admission.Dispatch" }),
                ["connections"] = new JsonArray(
                    new JsonObject { ["source"] = new JsonObject { ["activity"] = "start", ["port"] = "Done" }, ["target"] = new JsonObject { ["activity"] = "dispatch", ["port"] = "In" } }),
            },
        }.ToJsonString();
        await using var scope = server.Factory.Services.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>()
            .SaveAsync(AdmissionFixture.District, null, "dispatch-only", null, flow, publish: true, "designer", null, CancellationToken.None);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors));
        var started = await scope.ServiceProvider.GetRequiredService<WorkflowInstances>()
            .StartAsync(AdmissionFixture.District, saved.Record!.DefinitionId, new JsonObject { ["applicationId"] = applicationId.ToString() }, null, "dept", null, CancellationToken.None);
        Assert.Equal(InstanceOutcome.Applied, started.Outcome);
        Assert.Equal(WorkflowStatus.Suspended, started.Instance!.Status);
    }
}

/// <summary>A server whose in-process gateway acknowledges dispatches on receipt.</summary>
public sealed class AcknowledgeOnReceiptFixture : AdmissionFixture
{
    protected override Dictionary<string, string?> ServerSettings => new()
    {
        ["TaskRouting:Jobs:RunServer"] = "false",
        ["TaskRouting:Streets:AcknowledgeOnReceipt"] = "true",
    };
}

[CollectionDefinition(Name)]
public sealed class AcknowledgeOnReceiptCollection : ICollectionFixture<AcknowledgeOnReceiptFixture>
{
    public const string Name = "streets-acknowledge-on-receipt";
}
