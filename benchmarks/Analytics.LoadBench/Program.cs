using System.Globalization;
using Analytics.LoadBench;

// Two ceilings measured in the same run as the service, so BENCHMARKS.md can report ratios:
//   noop  --urls http://127.0.0.1:PORT      a Kestrel POST endpoint that reads the body and answers 201, storing nothing
//   copy  CONNECTION_STRING ROWS            binary COPY of ROWS page views straight into a fresh events table (the ceiling)
//   store CONNECTION_STRING ROWS            the same ROWS through PostgreSqlEventStore.AppendAsync, as the writer calls it
//   enrich --urls http://127.0.0.1:PORT     /plain and /enriched: the request path without the store, with and
//                                           without the enrichment (EnrichmentEndpoints)
return args.FirstOrDefault() switch
{
    "noop" => RunNoOp(args[1..]),
    "enrich" => EnrichmentEndpoints.Run(args[1..]),
    "copy" => await StoreBench.RunCopyAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture)),
    "store" => await StoreBench.RunStoreAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Analytics.LoadBench noop --urls URL | copy CONNECTION_STRING ROWS | store CONNECTION_STRING ROWS | enrich --urls URL");
    return 2;
}

static int RunNoOp(string[] args)
{
    var builder = WebApplication.CreateSlimBuilder(args);
    builder.Logging.ClearProviders();
    var app = builder.Build();
    app.MapPost("/noop", async (HttpRequest request) =>
    {
        // Read the body as the real endpoint does, so the ceiling pays for the same bytes.
        var result = await request.BodyReader.ReadAsync();
        while (!result.IsCompleted)
        {
            request.BodyReader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            result = await request.BodyReader.ReadAsync();
        }

        request.BodyReader.AdvanceTo(result.Buffer.End);
        return Results.Text("{}", "application/json", statusCode: StatusCodes.Status201Created);
    });
    app.Run();
    return 0;
}
