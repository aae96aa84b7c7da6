using System.Diagnostics.CodeAnalysis;
using Analytics.Testing;

namespace Analytics.AspNetCore.Tests.Infrastructure;

/// <summary>A schema of its own for a test class whose tests build their own hosts on it; dropped afterwards.</summary>
[SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class SchemaFixture : IAsyncLifetime
{
    private TestSchema? _schema;

    public TestSchema Schema => _schema ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync() => _schema = await TestSchema.CreateAsync("host");

    public async Task DisposeAsync()
    {
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
