using System.Globalization;
using Gitstead.CodeCommit.Repositories;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>How the CodeCommit pages write ids, dates, sizes and messages.</summary>
public static class Display
{
    public static string ShortId(string id) => id.Length > 8 ? id[..8] : id;

    public static string FirstLine(string message)
    {
        var text = message.TrimStart();
        var end = text.IndexOf('\n');
        return (end < 0 ? text : text[..end]).TrimEnd();
    }

    /// <summary>The message after its first line, or null.</summary>
    public static string? Body(string message)
    {
        var text = message.Trim();
        var end = text.IndexOf('\n');
        return end < 0 ? null : text[(end + 1)..].Trim('\n', '\r') is { Length: > 0 } body ? body : null;
    }

    public static string Date(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("MMM d, yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";

    public static string Date(DateTime utc) => Date(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    /// <summary>ISO 8601 for a <c>&lt;time datetime&gt;</c>.</summary>
    public static string Iso(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    public static string Iso(DateTime utc) => Iso(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    /// <summary>"3 minutes ago", for times within a month; the date otherwise.</summary>
    public static string Ago(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } t)
        {
            return "—";
        }

        var span = now - t;
        return span.TotalSeconds switch
        {
            < 0 => Date(t),
            < 60 => "just now",
            < 3600 => Plural((int)span.TotalMinutes, "minute") + " ago",
            < 86400 => Plural((int)span.TotalHours, "hour") + " ago",
            < 30 * 86400 => Plural((int)span.TotalDays, "day") + " ago",
            _ => Date(t),
        };
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => Plural((int)bytes, "byte"),
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
    };

    public static string Person(CommitPerson? person) => person is null ? "—" : person.Name;

    public static string ChangeLabel(ChangeType type) => type switch
    {
        ChangeType.Added => "Added",
        ChangeType.Deleted => "Deleted",
        _ => "Modified",
    };

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
