using Microsoft.EntityFrameworkCore;

namespace Gitstead.Storage;

/// <summary>Creates short-lived contexts of the configured provider.</summary>
public interface IGitsteadDb
{
    GitsteadDbContext Create();
}

internal sealed class GitsteadDb<TContext>(IDbContextFactory<TContext> factory) : IGitsteadDb
    where TContext : GitsteadDbContext
{
    public GitsteadDbContext Create() => factory.CreateDbContext();
}
