using Microsoft.EntityFrameworkCore;
using TaskRouting.Messaging.DeadLetters;
using TaskRouting.Messaging.Inbox;
using TaskRouting.Messaging.Outbox;

namespace TaskRouting.Messaging;

/// <summary>The outbox, inbox and dead-letter tables, added to each side's own database model.</summary>
public static class MessagingModel
{
    /// <summary>Maps the messaging tables with <paramref name="prefix"/> (<c>msg_</c> centrally, <c>gw_</c> in the gateway), so both sides can share one database.</summary>
    /// <param name="modelBuilder">The model.</param>
    /// <param name="prefix">The table-name prefix.</param>
    public static ModelBuilder ApplyMessagingModel(this ModelBuilder modelBuilder, string prefix)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable($"{prefix}outbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.MessageType).HasMaxLength(200);
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.HasIndex(x => x.MessageId).IsUnique();
            // The relay's index: only rows still waiting.
            e.HasIndex(x => x.Id).HasDatabaseName($"IX_{prefix}outbox_pending").HasFilter("\"SentAt\" IS NULL");
        });
        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable($"{prefix}inbox");
            e.HasKey(x => new { x.Consumer, x.MessageId });
            e.Property(x => x.Consumer).HasMaxLength(100);
            e.HasIndex(x => x.ProcessedAt);
        });
        modelBuilder.Entity<DeadLetter>(e =>
        {
            e.ToTable($"{prefix}dead_letters");
            e.HasKey(x => x.Id);
            e.Property(x => x.MessageType).HasMaxLength(200);
            e.Property(x => x.Queue).HasMaxLength(200);
            e.Property(x => x.Error).HasMaxLength(4000);
            e.Property(x => x.ReplayedBy).HasMaxLength(100);
            e.HasIndex(x => x.FailedAt);
        });
        return modelBuilder;
    }
}
