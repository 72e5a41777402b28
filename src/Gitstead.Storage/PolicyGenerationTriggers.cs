using Microsoft.EntityFrameworkCore;

namespace Gitstead.Storage;

/// <summary>
/// Database triggers that raise <c>Accounts.PolicyGeneration</c> whenever a row that decides an
/// IAM user's permissions is written: users (renamed, moved, deleted), groups, memberships,
/// managed policies and their versions, attachments and inline policies. They fire for every
/// writer — tracked changes, bulk <c>ExecuteUpdate</c>/<c>ExecuteDelete</c>, any node — in the
/// writing transaction, so a cache of parsed policies checked against the generation read with
/// the caller's credential can never serve a permission that has been taken away.
/// EF Core does not model triggers; they are (re)installed after the migrations whenever the
/// database does not carry <see cref="Stamp"/> of these very statements (SQLite's
/// <c>user_version</c>, PostgreSQL's comment on <c>Accounts</c>), set in the same transaction.
/// </summary>
internal static class PolicyGenerationTriggers
{
    /// <summary>Table, the events that matter, and how a row names its account.</summary>
    private static readonly (string Table, string Event, string Name, Owner Owner)[] Triggers =
    [
        ("Users", "UPDATE OF \"UserName\", \"Path\"", "update", Owner.Account),
        ("Users", "DELETE", "delete", Owner.Account),
        ("Groups", "UPDATE OF \"GroupName\", \"Path\"", "update", Owner.Account),
        ("Groups", "DELETE", "delete", Owner.Account),
        ("GroupMembers", "INSERT", "insert", Owner.Group),
        ("GroupMembers", "UPDATE", "update", Owner.Group),
        ("GroupMembers", "DELETE", "delete", Owner.Group),
        ("Policies", "UPDATE", "update", Owner.Account),
        ("Policies", "DELETE", "delete", Owner.Account),
        ("PolicyVersions", "INSERT", "insert", Owner.Policy),
        ("PolicyVersions", "UPDATE", "update", Owner.Policy),
        ("PolicyVersions", "DELETE", "delete", Owner.Policy),
        ("PolicyAttachments", "INSERT", "insert", Owner.Account),
        ("PolicyAttachments", "UPDATE", "update", Owner.Account),
        ("PolicyAttachments", "DELETE", "delete", Owner.Account),
        ("InlinePolicies", "INSERT", "insert", Owner.Account),
        ("InlinePolicies", "UPDATE", "update", Owner.Account),
        ("InlinePolicies", "DELETE", "delete", Owner.Account),
    ];

    /// <summary>An arbitrary constant: serializes trigger installation between nodes starting together.</summary>
    private const long PostgresLockKey = 0x6769747374656164;

    private enum Owner
    {
        Account,
        Group,
        Policy,
    }

    public static async Task InstallAsync(GitsteadDbContext context, CancellationToken cancellationToken)
    {
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var sqlite = context.Database.IsSqlite();
        foreach (var statement in sqlite ? SqliteStatements() : PostgresStatements())
        {
            await context.Database.ExecuteSqlRawAsync(statement, cancellationToken);
        }

        // A number, so no quoting is needed in either statement.
        var stamp = sqlite ? $"PRAGMA user_version = {Stamp(sqlite)}" : $"COMMENT ON TABLE \"Accounts\" IS '{Stamp(sqlite)}'";
        await context.Database.ExecuteSqlRawAsync(stamp, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// A positive 31-bit number derived from the provider's statements: a database that carries
    /// it has exactly these triggers, so a start can skip installing them.
    /// </summary>
    public static string Stamp(bool sqlite)
    {
        var text = string.Join("\n", sqlite ? SqliteStatements() : PostgresStatements());
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        var value = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(hash) & int.MaxValue;
        return Math.Max(value, 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static IEnumerable<string> SqliteStatements()
    {
        foreach (var (table, @event, name, owner) in Triggers)
        {
            var row = name == "delete" ? "OLD" : "NEW";
            var account = owner switch
            {
                Owner.Group => $"(SELECT \"AccountId\" FROM \"Groups\" WHERE \"Key\" = {row}.\"GroupKey\")",
                Owner.Policy => $"(SELECT \"AccountId\" FROM \"Policies\" WHERE \"Key\" = {row}.\"PolicyKey\")",
                _ => $"{row}.\"AccountId\"",
            };
            var trigger = TriggerName(table, name);
            yield return $"DROP TRIGGER IF EXISTS \"{trigger}\"";
            yield return $"CREATE TRIGGER \"{trigger}\" AFTER {@event} ON \"{table}\" FOR EACH ROW BEGIN "
                + $"UPDATE \"Accounts\" SET \"PolicyGeneration\" = \"PolicyGeneration\" + 1 WHERE \"Id\" = {account}; END";
        }
    }

    internal static IEnumerable<string> PostgresStatements()
    {
        yield return $"SELECT pg_advisory_xact_lock({PostgresLockKey})";
        foreach (var owner in Enum.GetValues<Owner>())
        {
            yield return $"""
                CREATE OR REPLACE FUNCTION {FunctionName(owner)}() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE changed RECORD;
                BEGIN
                  IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
                  UPDATE "Accounts" SET "PolicyGeneration" = "PolicyGeneration" + 1 WHERE "Id" = {PostgresAccount(owner)};
                  RETURN NULL;
                END $$
                """;
        }

        foreach (var (table, @event, name, owner) in Triggers)
        {
            var trigger = TriggerName(table, name);
            yield return $"DROP TRIGGER IF EXISTS \"{trigger}\" ON \"{table}\"";
            yield return $"CREATE TRIGGER \"{trigger}\" AFTER {@event} ON \"{table}\" FOR EACH ROW EXECUTE FUNCTION {FunctionName(owner)}()";
        }
    }

    private static string PostgresAccount(Owner owner) => owner switch
    {
        Owner.Group => "(SELECT \"AccountId\" FROM \"Groups\" WHERE \"Key\" = changed.\"GroupKey\")",
        Owner.Policy => "(SELECT \"AccountId\" FROM \"Policies\" WHERE \"Key\" = changed.\"PolicyKey\")",
        _ => "changed.\"AccountId\"",
    };

    private static string FunctionName(Owner owner) => $"gitstead_policy_generation_by_{owner.ToString().ToLowerInvariant()}";

    private static string TriggerName(string table, string name) => $"PolicyGeneration_{table}_{name}";
}
