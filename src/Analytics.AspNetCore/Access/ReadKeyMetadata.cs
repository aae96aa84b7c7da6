namespace Analytics.AspNetCore.Access;

/// <summary>
/// Marks the endpoints of the read surface, which take a read key as <c>Authorization: Bearer</c>: an OpenAPI document
/// transformer of the host can declare the bearer scheme on exactly these.
/// </summary>
public sealed class ReadKeyMetadata
{
    private ReadKeyMetadata()
    {
    }

    /// <summary>The one instance.</summary>
    public static ReadKeyMetadata Instance { get; } = new();
}
