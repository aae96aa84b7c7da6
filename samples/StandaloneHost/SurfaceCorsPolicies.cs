using Analytics.AspNetCore.Access;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Analytics.StandaloneHost;

/// <summary>
/// The standalone host's CORS: the ingest surface (endpoints marked <see cref="IngestSurfaceMetadata"/>) answers any
/// origin, since browsers post from the sites being measured; everything else (the reads, /health, the docs) answers
/// only the origins of <c>Cors:AllowedOrigins</c>, none by default. A preflight reaches no endpoint of ours (routing
/// matches OPTIONS to none), so it is told apart by its path and the method it asks for, against the paths the ingest
/// surface actually mapped.
/// </summary>
internal sealed class SurfaceCorsPolicies : ICorsPolicyProvider
{
    private static readonly CorsPolicy Ingest = new CorsPolicyBuilder().AllowAnyOrigin().AllowAnyHeader().WithMethods("GET", "POST").Build();

    private readonly CorsPolicy _reads;
    private readonly EndpointDataSource _endpoints;
    private HashSet<string>? _ingestPaths;

    public SurfaceCorsPolicies(IConfiguration configuration, EndpointDataSource endpoints)
    {
        var origins = StandaloneDefaults.AllowedOrigins(configuration);
        var reads = new CorsPolicyBuilder().AllowAnyHeader().WithMethods("GET", "POST");
        _reads = (origins.Contains("*") ? reads.AllowAnyOrigin() : reads.WithOrigins(origins)).Build();
        _endpoints = endpoints;
    }

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IngestSurfaceMetadata>() is not null)
        {
            return Task.FromResult<CorsPolicy?>(Ingest);
        }

        var request = context.Request;
        var preflightForPost = HttpMethods.IsOptions(request.Method)
            && HttpMethods.IsPost(request.Headers.AccessControlRequestMethod.ToString());
        return Task.FromResult<CorsPolicy?>(preflightForPost && IngestPaths().Contains(Trimmed(request.PathBase + request.Path)) ? Ingest : _reads);
    }

    private HashSet<string> IngestPaths() => _ingestPaths ??= _endpoints.Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<IngestSurfaceMetadata>() is not null && e.RoutePattern.Parameters.Count == 0)
        .Select(e => Trimmed(new PathString("/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))))
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static string Trimmed(PathString path) => (path.Value ?? "/").TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/";
}
