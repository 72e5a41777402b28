using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Gitstead.IntegrationTests.Support;

/// <summary>
/// Every value of every table as text, for scanning a database for secrets: strings as they
/// are, byte arrays as hex, as base64 and as UTF-8.
/// </summary>
internal static class DatabaseDump
{
    public static async Task<string> SqliteAsync(string path)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync();
        var tables = await ReadColumnAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        return await DumpTablesAsync(connection, tables);
    }

    public static async Task<string> PostgresAsync(string database)
    {
        await using var connection = await TestPostgres.OpenAsync(database);
        var tables = await ReadColumnAsync(connection,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name");
        return await DumpTablesAsync(connection, tables);
    }

    private static async Task<string> DumpTablesAsync(DbConnection connection, IEnumerable<string> tables)
    {
        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            dump.Append("== ").Append(table).Append('\n');
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"")}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    dump.Append(reader.GetName(i)).Append('=').Append(Stringify(reader.GetValue(i))).Append('\t');
                }

                dump.Append('\n');
            }
        }

        return dump.ToString();
    }

    private static string Stringify(object value) => value switch
    {
        null or DBNull => "NULL",
        byte[] bytes => $"hex:{Convert.ToHexStringLower(bytes)} base64:{Convert.ToBase64String(bytes)} utf8:{Encoding.UTF8.GetString(bytes)}",
        string text => text,
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object>().Select(Stringify)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static async Task<List<string>> ReadColumnAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
