namespace Analytics.AspNetCore.Tests.Infrastructure;

/// <summary>An <see cref="ApiFixture"/> whose host stores events in a DuckDB file of its own.</summary>
public sealed class DuckDbApiFixture : ApiFixture
{
    protected override bool UsesDuckDb => true;
}
