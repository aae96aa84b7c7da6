using DuckDB.NET.Data;

namespace Analytics.Storage.DuckDb;

/// <summary>
/// Runs SQL with named parameters (<c>$name</c>). DuckDB's calls are synchronous; a cancelled token interrupts the
/// running statement. DuckDB clears an interrupt when a statement begins, so one that comes before is lost: a token
/// already cancelled stops the call before it starts, and a query whose token was cancelled while it ran is reported
/// as cancelled even if DuckDB finished it (a write that finished is not: it is committed).
/// </summary>
internal static class DuckDbCommands
{
    public static int Execute(DuckDBConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = Create(connection, sql, parameters);
        using var registration = cancellationToken.Register(static state => ((DuckDBCommand)state!).Cancel(), command);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(DuckDBConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = Create(connection, sql, parameters);
        using var registration = cancellationToken.Register(static state => ((DuckDBCommand)state!).Cancel(), command);
        return command.ExecuteScalar();
    }

    /// <summary>Runs a query and maps every row with <paramref name="map"/>.</summary>
    public static List<T> Query<T>(
        DuckDBConnection connection,
        string sql,
        Func<DuckDBDataReader, T> map,
        IEnumerable<(string Name, object? Value)> parameters,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = Create(connection, sql, parameters);
        using var registration = cancellationToken.Register(static state => ((DuckDBCommand)state!).Cancel(), command);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return rows;
    }

    private static DuckDBCommand Create(DuckDBConnection connection, string sql, IEnumerable<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        }

        return command;
    }
}
