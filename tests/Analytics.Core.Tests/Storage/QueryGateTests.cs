using Analytics.Storage;

namespace Analytics.Core.Tests.Storage;

public sealed class QueryGateTests
{
    [Fact]
    public async Task Queries_past_the_bound_wait_in_line_and_take_a_slot_as_one_comes_free()
    {
        var gate = new QueryGate(maxConcurrent: 1, maxWaiting: 1, wait: TimeSpan.FromMinutes(5));
        var first = await gate.EnterAsync(CancellationToken.None);
        var second = gate.EnterAsync(CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted);

        first.Dispose();
        first.Dispose(); // giving a slot back twice frees it once
        using var taken = await second;
        Assert.Equal(1, gate.Running);
    }

    [Fact]
    public async Task A_query_past_the_line_is_refused_at_once()
    {
        var gate = new QueryGate(maxConcurrent: 1, maxWaiting: 1, wait: TimeSpan.FromMinutes(5));
        using var running = await gate.EnterAsync(CancellationToken.None);
        var waiting = gate.EnterAsync(CancellationToken.None).AsTask();

        var refused = await Assert.ThrowsAsync<QueryCapacityExceededException>(() => gate.EnterAsync(CancellationToken.None).AsTask());
        Assert.Contains("Analytics:MaxConcurrentQueries", refused.Message, StringComparison.Ordinal);
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task A_query_that_waited_past_the_queue_timeout_is_refused_and_leaves_its_place()
    {
        var gate = new QueryGate(maxConcurrent: 1, maxWaiting: 1, wait: TimeSpan.Zero);
        using (await gate.EnterAsync(CancellationToken.None))
        {
            var refused = await Assert.ThrowsAsync<QueryCapacityExceededException>(() => gate.EnterAsync(CancellationToken.None).AsTask());
            Assert.Contains("Analytics:QueryQueueTimeout", refused.Message, StringComparison.Ordinal);
        }

        // The line is empty again and the slot free.
        using var next = await gate.EnterAsync(CancellationToken.None);
        Assert.Equal(1, gate.Running);
    }

    [Fact]
    public async Task A_cancelled_wait_gives_up_its_place_in_line()
    {
        var gate = new QueryGate(maxConcurrent: 1, maxWaiting: 1, wait: TimeSpan.FromMinutes(5));
        var running = await gate.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = gate.EnterAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        var next = gate.EnterAsync(CancellationToken.None).AsTask(); // would be refused if the cancelled wait kept its place
        running.Dispose();
        using var taken = await next;
    }

    [Fact]
    public async Task A_query_of_the_last_minutes_does_not_wait_behind_long_ones_and_a_long_one_does()
    {
        var options = new AnalyticsOptions { MaxConcurrentQueries = 1, MaxQueuedQueries = 0 };
        var lanes = new QueryLanes(options);
        var now = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
        var ninetyDays = new Analytics.Querying.Stats.StatsQuery
        {
            Site = "shop.test",
            From = now.AddDays(-90),
            To = now,
            Metrics = [Analytics.Querying.Stats.StatsMetric.Visitors],
        };
        var lastMinutes = ninetyDays with { From = now.AddMinutes(-30) };

        using var running = await lanes.EnterAsync(ninetyDays, CancellationToken.None);
        using (await lanes.EnterAsync(lastMinutes, CancellationToken.None))
        {
            await Assert.ThrowsAsync<QueryCapacityExceededException>(() => lanes.EnterAsync(lastMinutes, CancellationToken.None).AsTask());
        }

        await Assert.ThrowsAsync<QueryCapacityExceededException>(() => lanes.EnterAsync(ninetyDays, CancellationToken.None).AsTask());
        // Visit metrics read a day either side of the range: thirty minutes of bounce rate is a long query.
        var bounceRate = lastMinutes with { Metrics = [Analytics.Querying.Stats.StatsMetric.BounceRate] };
        await Assert.ThrowsAsync<QueryCapacityExceededException>(() => lanes.EnterAsync(bounceRate, CancellationToken.None).AsTask());
    }
}
