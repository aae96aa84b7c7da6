using System.Diagnostics;
using System.Globalization;
using Analytics.LoadBench;
using Npgsql;
using NpgsqlTypes;

// Two ceilings measured in the same run as the service, so BENCHMARKS.md can report ratios:
//   noop  --urls http://127.0.0.1:PORT      a Kestrel POST endpoint that reads the body and answers 201, storing nothing
//   copy  CONNECTION_STRING ROWS            binary COPY of ROWS page views into a fresh table of the events' shape
//   enrich --urls http://127.0.0.1:PORT     /plain and /enriched: the request path without the store, with and
//                                           without the enrichment (EnrichmentEndpoints)
return args.FirstOrDefault() switch
{
    "noop" => RunNoOp(args[1..]),
    "enrich" => EnrichmentEndpoints.Run(args[1..]),
    "copy" => await RunCopyAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Analytics.LoadBench noop --urls URL | copy CONNECTION_STRING ROWS | enrich --urls URL");
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

static async Task<int> RunCopyAsync(string connectionString, int rows)
{
    await using var dataSource = NpgsqlDataSource.Create(connectionString);
    await using (var setup = dataSource.CreateCommand(
        """
        DROP TABLE IF EXISTS copy_ceiling;
        CREATE TABLE copy_ceiling (id uuid NOT NULL, time timestamptz NOT NULL, page text NOT NULL, user_agent text,
            ip_address text, referrer text, session_id text, duration integer, operating_system text NOT NULL, PRIMARY KEY (id, time));
        """))
    {
        await setup.ExecuteNonQueryAsync();
    }

    const string userAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    var stopwatch = Stopwatch.StartNew();
    await using (var connection = await dataSource.OpenConnectionAsync())
    await using (var writer = await connection.BeginBinaryImportAsync(
        "COPY copy_ceiling (id, time, page, user_agent, ip_address, referrer, session_id, duration, operating_system) FROM STDIN (FORMAT BINARY)"))
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < rows; i++)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(Guid.CreateVersion7(now), NpgsqlDbType.Uuid);
            await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync("/bench", NpgsqlDbType.Text);
            await writer.WriteAsync(userAgent, NpgsqlDbType.Text);
            await writer.WriteAsync("127.0.0.1", NpgsqlDbType.Text);
            await writer.WriteNullAsync();
            await writer.WriteNullAsync();
            await writer.WriteAsync(12, NpgsqlDbType.Integer);
            await writer.WriteAsync("Windows", NpgsqlDbType.Text);
        }

        await writer.CompleteAsync();
    }

    var seconds = stopwatch.Elapsed.TotalSeconds;
    await using (var cleanup = dataSource.CreateCommand("DROP TABLE copy_ceiling"))
    {
        await cleanup.ExecuteNonQueryAsync();
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"copy_rows_per_second {rows / seconds:0}"));
    return 0;
}
