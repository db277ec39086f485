using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Organisation;

namespace TaskRouting.Platform.Persistence;

/// <summary>The platform's part of the database model; the host's DbContext applies it.</summary>
public static class PlatformModel
{
    private const int CodeLength = 32;
    private const int NameLength = 200;

    public static ModelBuilder ApplyPlatformModel(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<District>(e =>
        {
            e.ToTable("districts");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(CodeLength);
            e.Property(x => x.NameZh).HasMaxLength(NameLength);
            e.Property(x => x.NameEn).HasMaxLength(NameLength);
        });
        modelBuilder.Entity<Street>(e =>
        {
            e.ToTable("streets");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(CodeLength);
            e.Property(x => x.DistrictCode).HasMaxLength(CodeLength);
            e.Property(x => x.NameZh).HasMaxLength(NameLength);
            e.Property(x => x.NameEn).HasMaxLength(NameLength);
            e.HasOne<District>().WithMany().HasForeignKey(x => x.DistrictCode).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.DistrictCode);
        });
        modelBuilder.Entity<Community>(e =>
        {
            e.ToTable("communities");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(CodeLength);
            e.Property(x => x.DistrictCode).HasMaxLength(CodeLength);
            e.Property(x => x.StreetCode).HasMaxLength(CodeLength);
            e.Property(x => x.NameZh).HasMaxLength(NameLength);
            e.Property(x => x.NameEn).HasMaxLength(NameLength);
            e.HasOne<District>().WithMany().HasForeignKey(x => x.DistrictCode).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetCode).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.DistrictCode, x.StreetCode });
        });
        modelBuilder.Entity<Department>(e =>
        {
            e.ToTable("departments");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(CodeLength);
            e.Property(x => x.DistrictCode).HasMaxLength(CodeLength);
            e.Property(x => x.NameZh).HasMaxLength(NameLength);
            e.Property(x => x.NameEn).HasMaxLength(NameLength);
            e.HasOne<District>().WithMany().HasForeignKey(x => x.DistrictCode).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.DistrictCode);
        });

        modelBuilder.Entity<UserAccount>(e =>
        {
            e.ToTable("users");
            e.HasKey(x => x.Id);
            e.Property(x => x.UserName).HasMaxLength(100);
            e.HasIndex(x => x.UserName).IsUnique();
            e.Property(x => x.DisplayName).HasMaxLength(NameLength);
            e.Property(x => x.PasswordHash).HasMaxLength(200);
            e.Property(x => x.DistrictCode).HasMaxLength(CodeLength);
            e.Property(x => x.DepartmentCode).HasMaxLength(CodeLength);
            e.Property(x => x.StreetCode).HasMaxLength(CodeLength);
            e.Property(x => x.CommunityCode).HasMaxLength(CodeLength);
            e.Property(x => x.ExternalSubject).HasMaxLength(200);
            e.HasIndex(x => x.ExternalSubject);
            e.HasIndex(x => x.DistrictCode);
            // Roles as a comma-separated list of names: readable in both databases and stable across providers.
            e.Property(x => x.Roles)
                .HasMaxLength(200)
                .HasConversion(
                    roles => string.Join(',', roles),
                    text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Role>).ToList(),
                    new ValueComparer<List<Role>>(
                        (a, b) => a!.SequenceEqual(b!),
                        v => v.Aggregate(0, (h, r) => HashCode.Combine(h, r)),
                        v => v.ToList()));
        });
        modelBuilder.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Prefix).HasMaxLength(16);
            e.HasIndex(x => x.Prefix).IsUnique();
            e.Property(x => x.Hash).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(100);
            e.HasOne<UserAccount>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Chain).HasMaxLength(CodeLength);
            e.HasIndex(x => new { x.Chain, x.Sequence }).IsUnique();
            e.HasIndex(x => new { x.EntityType, x.EntityId });
            e.Property(x => x.ActorName).HasMaxLength(100);
            e.Property(x => x.Action).HasMaxLength(100);
            e.Property(x => x.EntityType).HasMaxLength(100);
            e.Property(x => x.EntityId).HasMaxLength(200);
            e.Property(x => x.PreviousHash).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
        });

        return modelBuilder;
    }
}
