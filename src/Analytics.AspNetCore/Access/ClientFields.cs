using Analytics.Events;

namespace Analytics.AspNetCore.Access;

/// <summary>
/// Who may choose the recorded client: the body's <c>ip_address</c> and <c>user_agent</c> replace the request's own
/// address (as the forwarded-headers rules left it) and <c>User-Agent</c> header only where <see cref="IngestAccess"/>
/// allows it; elsewhere they are dropped before the event is built.
/// </summary>
internal static class ClientFields
{
    public static EventInput Apply(EventInput input, IngestAccess access) =>
        access.AcceptsClientFields || (input.IpAddress is null && input.UserAgent is null)
            ? input
            : input with { IpAddress = null, ParsedIpAddress = null, UserAgent = null };
}
