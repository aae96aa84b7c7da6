using Microsoft.AspNetCore.Http;

namespace Analytics.AspNetCore.Access;

/// <summary>What an ingest request may do, set by <see cref="IngestAccessFilter"/>.</summary>
internal sealed class IngestAccess
{
    private static readonly IngestAccess Anonymous = new(acceptsClientFields: false, site: null);

    public IngestAccess(bool acceptsClientFields, string? site)
    {
        AcceptsClientFields = acceptsClientFields;
        Site = site;
    }

    /// <summary>Whether the body's <c>ip_address</c> and <c>user_agent</c> are honoured.</summary>
    public bool AcceptsClientFields { get; }

    /// <summary>The one site the request's ingest key may send for, or null for any.</summary>
    public string? Site { get; }

    /// <summary>The request's access; a request the filter did not see (a host's own mapping) is anonymous without client fields.</summary>
    public static IngestAccess Of(HttpContext context) => context.Features.Get<IngestAccess>() ?? Anonymous;
}
