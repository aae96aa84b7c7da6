using Analytics.Enrichment;
using Analytics.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.Hosting;

/// <summary>
/// Prepares the store before the host serves requests (schema, first maintenance pass, visitor salts), then runs
/// maintenance on <see cref="AnalyticsOptions.MaintenanceInterval"/>: partitions ahead, expired data and salts out,
/// today's and tomorrow's salts in.
/// </summary>
internal sealed partial class AnalyticsStoreLifetime : IHostedService, IDisposable
{
    private readonly IEventStore _store;
    private readonly VisitorSalts _salts;
    private readonly SessionTracker _sessions;
    private readonly IOptionsMonitor<AnalyticsOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AnalyticsStoreLifetime> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _maintenanceLoop;

    public AnalyticsStoreLifetime(
        IEventStore store,
        VisitorSalts salts,
        SessionTracker sessions,
        IOptionsMonitor<AnalyticsOptions> options,
        TimeProvider timeProvider,
        ILogger<AnalyticsStoreLifetime> logger)
    {
        _store = store;
        _salts = salts;
        _sessions = sessions;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        if (options.ApplySchemaOnStartup)
        {
            await EnsureSchemaWithRetriesAsync(options.StartupTimeout, cancellationToken);
        }

        await RunMaintenanceAsync(cancellationToken);
        await RestoreSessionsAsync(options.SessionTimeout, cancellationToken);
        LogStoreReady(_logger, _store.Description);
        _maintenanceLoop = Task.Run(() => MaintainAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_maintenanceLoop is not null)
        {
            await _maintenanceLoop.WaitAsync(cancellationToken);
        }
    }

    // Cancels rather than disposes, as BackgroundService does: a host may call StopAsync again after Dispose
    // (WebApplicationFactory stops the host while the application's Run() stops and disposes it).
    public void Dispose() => _stopping.Cancel();

    private async Task EnsureSchemaWithRetriesAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _timeProvider.GetUtcNow() + timeout;
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await _store.EnsureSchemaAsync(cancellationToken);
                return;
            }
            catch (EventStoreUnavailableException) when (_timeProvider.GetUtcNow() + delay < deadline)
            {
                LogWaitingForStore(_logger, delay.TotalSeconds);
                await Task.Delay(delay, _timeProvider, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task MaintainAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.CurrentValue.MaintenanceInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunMaintenanceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host is stopping.
        }
    }

    // Sessions still open when the previous process stopped continue here; without this, a restart splits them.
    private async Task RestoreSessionsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            _sessions.Restore(await _store.GetRecentSessionsAsync(_timeProvider.GetUtcNow() - timeout, cancellationToken));
        }
        catch (Exception ex) when (ex is EventStoreUnavailableException or SchemaVersionException)
        {
            LogMaintenanceFailed(_logger, ex.Message);
        }
    }

    private async Task RunMaintenanceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _store.RunMaintenanceAsync(cancellationToken);
            await _salts.RefreshAsync(_store, _timeProvider.GetUtcNow(), cancellationToken);
        }
        catch (Exception ex) when (ex is EventStoreUnavailableException or SchemaVersionException)
        {
            // Events still land in the default partition; the next pass catches up.
            LogMaintenanceFailed(_logger, ex.Message);
        }
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Analytics store ready: {Store}")]
    private static partial void LogStoreReady(ILogger logger, string store);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Analytics store not reachable yet; retrying in {Seconds} s")]
    private static partial void LogWaitingForStore(ILogger logger, double seconds);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Analytics maintenance pass failed: {Reason}")]
    private static partial void LogMaintenanceFailed(ILogger logger, string reason);
}
