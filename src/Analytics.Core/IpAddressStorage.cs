namespace Analytics;

/// <summary>How much of a client's IP address is stored with its page views.</summary>
public enum IpAddressStorage
{
    /// <summary>No IP address is stored.</summary>
    None,

    /// <summary>The network part only: IPv4 to /24 (the last octet zeroed), IPv6 to /48. The default.</summary>
    Anonymized,

    /// <summary>The whole address. Personal data in most jurisdictions: store it only with a legal basis.</summary>
    Full,
}
