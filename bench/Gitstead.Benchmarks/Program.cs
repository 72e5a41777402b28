using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Gitstead.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
