using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Analytics.StandaloneHost;

/// <summary>
/// Puts a worked example of Plausible's Stats API v2 into the OpenAPI document, on the request body and the 200 answer
/// of <c>POST /api/v2/query</c>, so that <c>/docs</c> shows a query that runs and what it answers.
/// </summary>
internal sealed class StatsApiExamples : IOpenApiOperationTransformer
{
    private const string OperationId = "Analytics_QueryStats";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId != OperationId)
        {
            return Task.CompletedTask;
        }

        if (operation.RequestBody?.Content is { } request && request.TryGetValue("application/json", out var body))
        {
            body.Example = JsonNode.Parse("""
                {
                  "site_id": "shop.test",
                  "metrics": ["visitors", "visits", "bounce_rate", "visit_duration"],
                  "date_range": "7d",
                  "dimensions": ["visit:source"],
                  "filters": [["contains", "event:page", ["/pricing"]]],
                  "order_by": [["visitors", "desc"]],
                  "pagination": {"limit": 10},
                  "include": {"total_rows": true}
                }
                """);
        }

        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } answer && answer.TryGetValue("application/json", out var json))
        {
            json.Example = JsonNode.Parse("""
                {
                  "results": [
                    {"metrics": [41, 44, 38, 74], "dimensions": ["google.com"]},
                    {"metrics": [12, 12, 50, 31], "dimensions": ["Direct / None"]}
                  ],
                  "meta": {"total_rows": 2},
                  "query": {
                    "site_id": "shop.test",
                    "metrics": ["visitors", "visits", "bounce_rate", "visit_duration"],
                    "date_range": ["2026-11-25T00:00:00+01:00", "2026-12-01T23:59:59+01:00"],
                    "filters": [["contains", "event:page", ["/pricing"]]],
                    "dimensions": ["visit:source"],
                    "order_by": [["visitors", "desc"]],
                    "include": {"total_rows": true},
                    "pagination": {"limit": 10, "offset": 0}
                  }
                }
                """);
        }

        return Task.CompletedTask;
    }
}
