using Analytics.Enrichment;
using Analytics.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Analytics.Diagnostics;

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
    private static readonly TimeSpan SaltRetryInterval = TimeSpan.FromMinutes(1);

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

    // Ticks every minute at most: the salts are fetched again on any tick that finds today's or tomorrow's missing
    // (a store that was down at startup), the rest of maintenance runs every MaintenanceInterval.
    private async Task MaintainAsync(CancellationToken stoppingToken)
    {
        var interval = _options.CurrentValue.MaintenanceInterval;
        using var timer = new PeriodicTimer(interval < SaltRetryInterval ? interval : SaltRetryInterval, _timeProvider);
        var nextMaintenance = _timeProvider.GetUtcNow() + interval;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var now = _timeProvider.GetUtcNow();
                    if (now >= nextMaintenance)
                    {
                        nextMaintenance = now + interval;
                        await RunMaintenanceAsync(stoppingToken);
                    }
                    else if (!_salts.HasTodayAndTomorrow(now))
                    {
                        await RefreshSaltsAsync(stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One failed pass must not end the loop: the next one creates tomorrow's salt and partitions.
                    LogMaintenanceFailed(_logger, ex.GetType().Name + ": " + ex.Message);
                }
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

    // The salts first and on their own: without today's, events are stored without a visitor.
    private async Task RunMaintenanceAsync(CancellationToken cancellationToken)
    {
        await RefreshSaltsAsync(cancellationToken);
        try
        {
            await _store.RunMaintenanceAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is EventStoreUnavailableException or SchemaVersionException)
        {
            // Events still land in the default partition; the next pass catches up.
            LogMaintenanceFailed(_logger, ex.Message);
        }
    }

    private async Task RefreshSaltsAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        _salts.Prune(now);
        try
        {
            await _salts.RefreshAsync(_store, now, cancellationToken);
        }
        catch (Exception ex) when (ex is EventStoreUnavailableException or SchemaVersionException)
        {
            if (!_salts.HasTodayAndTomorrow(now))
            {
                LogNoSalt(_logger, ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = AnalyticsLogEvents.StoreReady, Level = LogLevel.Information, Message = "Analytics store ready: {Store}")]
    private static partial void LogStoreReady(ILogger logger, string store);

    [LoggerMessage(EventId = AnalyticsLogEvents.WaitingForStore, Level = LogLevel.Warning, Message = "Analytics store not reachable yet; retrying in {Seconds} s")]
    private static partial void LogWaitingForStore(ILogger logger, double seconds);

    [LoggerMessage(EventId = AnalyticsLogEvents.MaintenanceFailed, Level = LogLevel.Warning, Message = "Analytics maintenance pass failed: {Reason}")]
    private static partial void LogMaintenanceFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = AnalyticsLogEvents.NoVisitorSalt, Level = LogLevel.Warning, Message = "Visitor salts could not be read from the store; until they are, events are stored without visitor_id: {Reason}")]
    private static partial void LogNoSalt(ILogger logger, string reason);
}
