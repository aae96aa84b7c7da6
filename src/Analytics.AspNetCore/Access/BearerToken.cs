using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Analytics.AspNetCore.Access;

/// <summary>Reads the token of <c>Authorization: Bearer …</c> (RFC 6750), as Plausible's Stats API clients send their key.</summary>
internal static class BearerToken
{
    private const string Scheme = "Bearer ";

    /// <summary>The token, or null when the request has no bearer authorization.</summary>
    public static string? Read(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization];
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = value.AsSpan(Scheme.Length).Trim();
        return token.IsEmpty ? null : token.ToString();
    }
}
