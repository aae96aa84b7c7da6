// One Chromium at a time: the journey tests start a host and a browser of their own, and the machine has two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Analytics.Browser.Tests.Infrastructure;

/// <summary>The browser tests share one host and one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<TrackerSite>
{
    public const string Name = "Browser";
}
