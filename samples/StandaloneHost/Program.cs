using Analytics.StandaloneHost;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddStandaloneDefaults();
builder.Services.AddAnalytics(builder.Configuration.GetSection("Analytics")).UseStandaloneStore(builder.Configuration);

var app = builder.Build();
app.UseStandaloneDefaults();
app.MapOpenApi();
app.MapScalarApiReference("/docs");
app.MapAnalyticsEndpoints();
app.MapAnalyticsDashboard("/"); // loopback only until a policy is required: docs/dashboard.md
await app.RunOrPrintSchemaAsync(args);

/// <summary>The standalone analytics service (public for WebApplicationFactory in tests).</summary>
public partial class Program;
