using Analytics;
using Analytics.Storage.DuckDb;

// Usage: open PATH  - opens the store on PATH, prints "opened" or the exception's type and message, and exits.
//        hold PATH  - opens the store on PATH, prints "ready", and keeps the file until standard input closes.
//        get PATH ID - opens the store on PATH and prints the page of the event ID, or "missing".
if (!(args.Length == 2 && args[0] is "open" or "hold") && !(args.Length == 3 && args[0] == "get"))
{
    await Console.Error.WriteLineAsync("usage: open|hold PATH, or get PATH ID");
    return 2;
}

var store = new DuckDbEventStore(args[1], new AnalyticsOptions());
try
{
    await store.EnsureSchemaAsync(CancellationToken.None);
}
catch (Exception ex)
{
    Console.WriteLine(ex.GetType().FullName);
    Console.WriteLine(ex.Message);
    return 1;
}

if (args[0] == "get")
{
    var found = await store.GetAsync(Guid.Parse(args[2]), CancellationToken.None);
    Console.WriteLine(found?.Page ?? "missing");
    await store.DisposeAsync();
    return 0;
}

Console.WriteLine(args[0] == "open" ? "opened" : "ready");
if (args[0] == "hold")
{
    while (await Console.In.ReadLineAsync() is not null)
    {
    }
}

await store.DisposeAsync();
return 0;
