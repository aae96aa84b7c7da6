namespace Analytics.Browser.Tests.Infrastructure;

/// <summary>The browser tests share one host and one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<TrackerSite>
{
    public const string Name = "Browser";
}
