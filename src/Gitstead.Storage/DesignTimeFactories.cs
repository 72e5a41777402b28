using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Gitstead.Storage;

// Used only by `dotnet ef migrations add`; never at run time.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteGitsteadDbContext>
{
    public SqliteGitsteadDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteGitsteadDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresGitsteadDbContext>
{
    public PostgresGitsteadDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresGitsteadDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
