using Microsoft.EntityFrameworkCore;

namespace TaskRouting.Workflows.Runtime.Persistence;

/// <summary>The runtime's tables; the host's DbContext applies them next to its own, so one transaction covers both.</summary>
public static class WorkflowModel
{
    public static ModelBuilder ApplyWorkflowModel(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<WorkflowDefinitionRecord>(e =>
        {
            e.ToTable("workflow_definitions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(150);
            e.Property(x => x.DefinitionId).HasMaxLength(100);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(x => new { x.DefinitionId, x.Version }).IsUnique();
            e.Property(x => x.Tenant).HasMaxLength(64);
            e.HasIndex(x => new { x.Tenant, x.Name });
        });
        modelBuilder.Entity<WorkflowInstanceRecord>(e =>
        {
            e.ToTable("workflow_instances");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.DefinitionId).HasMaxLength(100);
            e.Property(x => x.CorrelationId).HasMaxLength(200);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.Property(x => x.Tenant).HasMaxLength(64);
            e.HasIndex(x => new { x.Tenant, x.Status, x.UpdatedAt });
            e.HasIndex(x => new { x.DefinitionId, x.DefinitionVersion, x.Status });
            e.HasIndex(x => x.CorrelationId);
        });
        modelBuilder.Entity<BookmarkRecord>(e =>
        {
            e.ToTable("workflow_bookmarks");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(100);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.ActivityId).HasMaxLength(100);
            e.Property(x => x.Stimulus).HasMaxLength(100);
            e.Property(x => x.CorrelationKey).HasMaxLength(200);
            e.Property(x => x.AssigneeRole).HasMaxLength(50);
            e.Property(x => x.AssigneeScope).HasMaxLength(64);
            e.HasIndex(x => new { x.Stimulus, x.CorrelationKey });
            e.HasIndex(x => x.InstanceId);
            // The timer sweep's index: only rows with a due time.
            e.HasIndex(x => x.DueAt).HasFilter("\"DueAt\" IS NOT NULL");
            e.Property(x => x.Tenant).HasMaxLength(64);
            e.HasIndex(x => new { x.Tenant, x.AssigneeRole, x.AssigneeScope });
        });
        modelBuilder.Entity<JournalRecord>(e =>
        {
            e.ToTable("workflow_journal");
            e.HasKey(x => new { x.InstanceId, x.Sequence });
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.Actor).HasMaxLength(100);
        });
        return modelBuilder;
    }
}
