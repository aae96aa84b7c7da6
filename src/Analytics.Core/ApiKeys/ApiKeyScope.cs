namespace Analytics.ApiKeys;

/// <summary>What an API key may do.</summary>
public enum ApiKeyScope
{
    /// <summary>Read: the stats API, realtime, the seed's aggregate and get by id, the dashboard's data.</summary>
    Read,

    /// <summary>Ingest: server-side senders, whose body's <c>ip_address</c> and <c>user_agent</c> are honoured.</summary>
    Ingest,
}
