namespace Analytics.AspNetCore.Access;

/// <summary>
/// Marks the endpoints of the ingest surface (<c>MapAnalyticsIngestion</c>), which browsers post to from the sites
/// measured, so that a host's CORS policy provider or OpenAPI transformer can tell them from the reads.
/// </summary>
public sealed class IngestSurfaceMetadata
{
    private IngestSurfaceMetadata()
    {
    }

    /// <summary>The one instance.</summary>
    public static IngestSurfaceMetadata Instance { get; } = new();
}
