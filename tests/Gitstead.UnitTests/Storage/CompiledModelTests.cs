using System.Text;
using Gitstead.Storage;
using Gitstead.Storage.CompiledModels.Postgres;
using Gitstead.Storage.CompiledModels.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Xunit;

namespace Gitstead.UnitTests.Storage;

/// <summary>
/// The compiled models the server starts with (CompiledModels/) are the model OnModelCreating
/// builds: same tables, columns, keys, indexes and relations. When this fails, run
/// <c>src/Gitstead.Storage/migrations.sh --compiled-models-only</c> (or add the migration the model
/// change needs with <c>migrations.sh NAME</c>, which regenerates them too).
/// </summary>
public sealed class CompiledModelTests
{
    [Fact]
    public void SqliteContext_UsesTheCompiledModel()
    {
        using var context = Sqlite();

        Assert.IsType<SqliteGitsteadDbContextModel>(context.Model);
    }

    [Fact]
    public void PostgresContext_UsesTheCompiledModel()
    {
        using var context = Postgres();

        Assert.IsType<PostgresGitsteadDbContextModel>(context.Model);
    }

    [Fact]
    public void SqliteCompiledModel_MatchesOnModelCreating() => AssertCurrent(Sqlite());

    [Fact]
    public void PostgresCompiledModel_MatchesOnModelCreating() => AssertCurrent(Postgres());

    private static SqliteGitsteadDbContext Sqlite() =>
        new(new DbContextOptionsBuilder<SqliteGitsteadDbContext>().UseSqlite("Data Source=:memory:").Options);

    private static PostgresGitsteadDbContext Postgres() =>
        new(new DbContextOptionsBuilder<PostgresGitsteadDbContext>().UseNpgsql("Host=localhost;Database=unused").Options);

    private static void AssertCurrent(GitsteadDbContext context)
    {
        using (context)
        {
            // Arrange: the model as OnModelCreating builds it now, and the compiled one.
            var built = context.GetService<IDesignTimeModel>().Model;
            var compiled = context.Model;

            // Act
            var expected = Shape(built);
            var actual = Shape(compiled);

            // Assert
            Assert.Contains("Gitstead.Storage.Entities.Account -> Accounts", expected, StringComparison.Ordinal);
            Assert.Equal(expected, actual);
        }
    }

    /// <summary>
    /// Every table, column (CLR and store type, nullability, length, generation, concurrency
    /// token, converter), key, index, navigation and foreign key (with its delete behaviour).
    /// </summary>
    private static string Shape(IModel model)
    {
        var text = new StringBuilder();
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            text.AppendLine($"{entity.Name} -> {entity.GetTableName()}");
            foreach (var property in entity.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  {property.Name}: {property.ClrType} {property.GetColumnName()} {property.GetColumnType()} "
                    + $"null={property.IsNullable} max={property.GetMaxLength()} token={property.IsConcurrencyToken} "
                    + $"generated={property.ValueGenerated} converter={property.GetTypeMapping().Converter?.GetType().Name}");
            }

            foreach (var key in entity.GetKeys().OrderBy(k => k.GetName(), StringComparer.Ordinal))
            {
                text.AppendLine($"  key {key.GetName()} ({string.Join(",", key.Properties.Select(p => p.Name))}) primary={key.IsPrimaryKey()}");
            }

            foreach (var index in entity.GetIndexes().OrderBy(i => i.GetDatabaseName(), StringComparer.Ordinal))
            {
                text.AppendLine($"  index {index.GetDatabaseName()} ({string.Join(",", index.Properties.Select(p => p.Name))}) unique={index.IsUnique}");
            }

            foreach (var navigation in entity.GetNavigations().OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  nav {navigation.Name} -> {navigation.TargetEntityType.Name}");
            }

            foreach (var key in entity.GetForeignKeys().OrderBy(k => k.PrincipalEntityType.Name + string.Join(",", k.Properties.Select(p => p.Name)), StringComparer.Ordinal))
            {
                text.AppendLine($"  fk ({string.Join(",", key.Properties.Select(p => p.Name))}) -> {key.PrincipalEntityType.Name} {key.DeleteBehavior} unique={key.IsUnique}");
            }
        }

        return text.ToString();
    }
}
