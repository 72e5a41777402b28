using System.ComponentModel.DataAnnotations;

namespace Gitstead.Storage;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where metadata and repository files live. Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>Data directory; relative paths are resolved against the working directory.</summary>
    [Required]
    public string DataDir { get; set; } = ".data";

    public DatabaseProvider Database { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Connection string; for SQLite defaults to <c>DATA_DIR/gitstead.db</c>.</summary>
    public string? ConnectionString { get; set; }
}
