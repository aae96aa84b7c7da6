using BenchmarkDotNet.Running;

// For example: dotnet run -c Release --project benchmarks/Analytics.Benchmarks -- --filter '*UserAgent*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
