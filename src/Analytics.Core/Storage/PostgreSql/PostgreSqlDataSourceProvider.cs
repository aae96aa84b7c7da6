using Microsoft.Extensions.Options;
using Npgsql;

namespace Analytics.Storage.PostgreSql;

/// <summary>
/// Holds the one <see cref="NpgsqlDataSource"/> analytics uses. It is either ours, built from the options and
/// disposed with the container, or the host's, which we never dispose. It is not registered as a data source.
/// </summary>
internal sealed class PostgreSqlDataSourceProvider : IAsyncDisposable, IDisposable
{
    private readonly Lazy<NpgsqlDataSource> _dataSource;
    private readonly bool _owned;

    public PostgreSqlDataSourceProvider(IOptions<AnalyticsOptions> options)
    {
        _owned = true;
        _dataSource = new Lazy<NpgsqlDataSource>(() => Build(options.Value));
    }

    public PostgreSqlDataSourceProvider(NpgsqlDataSource hostDataSource)
    {
        _owned = false;
        _dataSource = new Lazy<NpgsqlDataSource>(hostDataSource);
    }

    public NpgsqlDataSource DataSource => _dataSource.Value;

    public async ValueTask DisposeAsync()
    {
        if (_owned && _dataSource.IsValueCreated)
        {
            await _dataSource.Value.DisposeAsync();
        }
    }

    public void Dispose()
    {
        if (_owned && _dataSource.IsValueCreated)
        {
            _dataSource.Value.Dispose();
        }
    }

    private static NpgsqlDataSource Build(AnalyticsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(
                "Analytics has no PostgreSQL connection string. Set Analytics:ConnectionString (DATABASE_URL in the standalone host), " +
                "call services.AddAnalytics(connectionString), or use the host's data source with .UseNpgsqlDataSource().");
        }

        var builder = new NpgsqlDataSourceBuilder(PostgreSqlConnectionString.Normalize(options.ConnectionString));
        builder.ConnectionStringBuilder.ApplicationName ??= "analytics";
        return builder.Build();
    }
}
