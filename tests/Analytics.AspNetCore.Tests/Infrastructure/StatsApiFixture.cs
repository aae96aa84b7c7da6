using Analytics.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The standalone host serving <see cref="Sites"/> (by default <c>shop.test</c> in Europe/Berlin, +01:00 at
/// <see cref="ApiFixture.Now"/>, and <c>utc.test</c> in UTC), refusing others, with its store behind a
/// <see cref="RecordingStatsStore"/>.
/// </summary>
public class StatsApiFixture : ApiFixture
{
    public const string Site = "shop.test";
    public const string UtcSite = "utc.test";

    public RecordingStatsStore Store => Factory.Services.GetRequiredService<RecordingStatsStore>();

    /// <summary>The sites served (Analytics:Sites), each with its time zone, or null for Analytics:TimeZone (UTC).</summary>
    protected virtual IEnumerable<(string Domain, string? TimeZone)> Sites => [(Site, "Europe/Berlin"), (UtcSite, null)];

    protected override IEnumerable<KeyValuePair<string, string>> Settings(TestSchema schema)
    {
        foreach (var setting in base.Settings(schema))
        {
            yield return setting;
        }

        var i = 0;
        foreach (var (domain, timeZone) in Sites)
        {
            yield return new($"Analytics:Sites:{i}:Domain", domain);
            if (timeZone is not null)
            {
                yield return new($"Analytics:Sites:{i}:TimeZone", timeZone);
            }

            i++;
        }
    }

    protected override void ConfigureServices(IServiceCollection services) => RecordingStatsStore.Decorate(services);
}
