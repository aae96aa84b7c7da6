using System.Globalization;
using DuckDB.NET.Data;

namespace Analytics.Storage.DuckDb;

/// <summary>
/// One DuckDB database file, opened on first use and held open until disposed. DuckDB locks the file: one process
/// owns it, and within that process every connection shares one database instance (DuckDB.NET caches it by path),
/// so each operation gets a connection of its own and connections are cheap.
/// </summary>
internal sealed class DuckDbDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly long _memoryLimitBytes;
    private readonly int _threads;
    private readonly SemaphoreSlim _openGate = new(1, 1);
    private DuckDBConnection? _root;
    private int _disposeState;

    /// <param name="path">The file.</param>
    /// <param name="memoryLimitBytes">DuckDB's <c>memory_limit</c>, in bytes.</param>
    /// <param name="threads">DuckDB's <c>threads</c>.</param>
    public DuckDbDatabase(string path, long memoryLimitBytes, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(memoryLimitBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Path = path;
        _memoryLimitBytes = memoryLimitBytes;
        _threads = threads;
        _connectionString = new DuckDBConnectionStringBuilder { DataSource = path }.ConnectionString;
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>
    /// The database's catalog, quoted, for fully qualified names. DuckDB names the catalog after the file
    /// ("analytics.duckdb" is "analytics"), so a schema of that name would be ambiguous without it.
    /// </summary>
    public string QuotedCatalog => Quote(Catalog);

    /// <summary>The database's catalog as DuckDB names it (known once the file is open).</summary>
    public string Catalog { get; private set; } = "";

    /// <summary>The catalog DuckDB gives a file: its name up to the first dot, quoted.</summary>
    public static string QuotedCatalogFor(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return Quote(dot < 0 ? name : name[..dot]);
    }

    /// <summary>Opens a new connection, opening the file first if this is the first use.</summary>
    /// <exception cref="InvalidOperationException">Another process has the file open.</exception>
    /// <exception cref="EventStoreUnavailableException">The file cannot be opened, for example for lack of space or permission.</exception>
    public async Task<DuckDBConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposeState) != 0, this);
        if (Volatile.Read(ref _root) is null)
        {
            await _openGate.WaitAsync(cancellationToken);
            try
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposeState) != 0, this);
                _root ??= OpenFile();
            }
            finally
            {
                _openGate.Release();
            }
        }

        var connection = new DuckDBConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Closes the file after a fatal error, so that the next operation opens it afresh.</summary>
    public void Reset()
    {
        _openGate.Wait();
        try
        {
            _root?.Dispose();
            _root = null;
        }
        finally
        {
            _openGate.Release();
        }
    }

    /// <summary>Writes the write-ahead log into the file and closes it. Operations still running finish first.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposeState, 1) != 0)
        {
            return;
        }

        _openGate.Wait();
        try
        {
            if (_root is not null)
            {
                try
                {
                    using var command = _root.CreateCommand();
                    command.CommandText = "CHECKPOINT";
                    command.ExecuteNonQuery();
                }
                catch (DuckDBException)
                {
                    // DuckDB checkpoints again when the last connection closes.
                }

                _root.Dispose();
                _root = null;
            }
        }
        finally
        {
            _openGate.Release();
        }

        _openGate.Dispose();
    }

    private DuckDBConnection OpenFile()
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        try
        {
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var root = new DuckDBConnection(_connectionString);
            root.Open();
            using var command = root.CreateCommand();

            // Global settings of the database instance, which every connection of this process shares. The values are
            // numbers we format ourselves (Analytics:DuckDb is parsed, never pasted), so no setting can carry SQL.
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"SET GLOBAL memory_limit = '{Math.Max(1, _memoryLimitBytes / 1024)}KiB'");
            command.ExecuteNonQuery();
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"SET GLOBAL threads = {_threads}");
            command.ExecuteNonQuery();
            command.CommandText = "SET GLOBAL preserve_insertion_order = false";
            command.ExecuteNonQuery();
            command.CommandText = "SELECT current_database()";
            Catalog = (string)command.ExecuteScalar()!;
            return root;
        }
        catch (DuckDBException ex) when (ex.Message.Contains("Could not set lock", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"The analytics DuckDB file '{Path}' is open in another process. A DuckDB file belongs to one process: " +
                "stop the other instance or give this one its own file (Analytics:DuckDbPath), and use PostgreSQL " +
                "(Analytics:ConnectionString) to run several instances against one store.",
                ex);
        }
        catch (Exception ex) when (ex is DuckDBException or IOException or UnauthorizedAccessException)
        {
            throw new EventStoreUnavailableException($"The analytics DuckDB file '{Path}' cannot be opened: {ex.Message}", ex);
        }
    }

    // The catalog comes from the file name, not from the validated schema option: quote it the general way.
    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
