using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace TaskRouting.Platform.Persistence;

/// <summary>
/// Inserts many rows of one mapped entity type at once, for writes too large to track one entity at a time (a
/// dispatch to every community of a city). On PostgreSQL the rows stream through binary <c>COPY</c> on the context's
/// own connection, inside the caller's open transaction, so they commit or roll back with everything else in it.
/// Elsewhere (SQLite, the embedded default) they are added to the change tracker and saved by the caller's next
/// <c>SaveChanges</c>, in the same transaction.
/// </summary>
/// <remarks>
/// Columns come from the EF Core model (names, value converters, store types). A store-generated integer key
/// (identity) is left to the database. Owned types and shadow properties are not supported. COPY bypasses the change
/// tracker and EF interceptors: the rows are not tracked afterwards.
/// </remarks>
public static class BulkInsert
{
    private static readonly ConcurrentDictionary<(IModel Model, Type Type), CopyPlan> Plans = new();

    /// <summary>Writes <paramref name="rows"/> in the transaction the caller has open on <paramref name="db"/>.</summary>
    /// <exception cref="InvalidOperationException">On PostgreSQL, when no transaction is open (the rows would commit alone).</exception>
    public static async Task InsertAsync<T>(DbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        if (db.Database.GetDbConnection() is not NpgsqlConnection connection)
        {
            db.AddRange(rows);
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException($"批量写入 {typeof(T).Name} 需要调用方的事务 / Bulk insert of {typeof(T).Name} needs the caller's open transaction");
        }

        var plan = Plans.GetOrAdd((db.Model, typeof(T)), key => CopyPlan.For(key.Model, key.Type));
        await using var importer = await connection.BeginBinaryImportAsync(plan.Command, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in plan.Columns)
            {
                if (column.Read(row) is { } value)
                {
                    await importer.WriteAsync(value, column.StoreType, cancellationToken);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private sealed record CopyColumn(string Name, string StoreType, Func<object, object?> Read);

    private sealed record CopyPlan(string Command, IReadOnlyList<CopyColumn> Columns)
    {
        public static CopyPlan For(IModel model, Type type)
        {
            var entityType = model.FindEntityType(type)
                ?? throw new InvalidOperationException($"{type.Name} is not mapped in this context");
            if (entityType.GetNavigations().Any(n => n.TargetEntityType.IsOwned()))
            {
                throw new NotSupportedException($"Bulk insert of {type.Name}: owned types are not supported");
            }

            var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            var columns = new List<CopyColumn>();
            foreach (var property in entityType.GetProperties())
            {
                if (property.IsShadowProperty())
                {
                    throw new NotSupportedException($"Bulk insert of {type.Name}: shadow property {property.Name} is not supported");
                }

                if (property.ValueGenerated.HasFlag(ValueGenerated.OnAdd) && property.IsPrimaryKey() && (property.ClrType == typeof(long) || property.ClrType == typeof(int)))
                {
                    continue; // identity: the database numbers the rows
                }

                var mapping = property.GetRelationalTypeMapping();
                var converter = property.GetValueConverter() ?? mapping.Converter;
                var getter = property.GetGetter();
                columns.Add(new CopyColumn(
                    property.GetColumnName(table)!,
                    mapping.StoreTypeNameBase,
                    converter is null
                        ? getter.GetClrValueUsingContainingEntity
                        : row => getter.GetClrValueUsingContainingEntity(row) is { } value ? converter.ConvertToProvider(value) : null));
            }

            var schema = entityType.GetSchema() is { } s ? Quote(s) + "." : "";
            var command = $"COPY {schema}{Quote(table.Name)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
            return new CopyPlan(command, columns);
        }

        private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
