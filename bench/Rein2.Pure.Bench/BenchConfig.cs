// One job for every benchmark: enough iterations for stable medians on a 2-core VM, short enough to
// run the whole suite in a few minutes. Memory diagnoser on: hot paths must show 0 B allocated.
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Rein2.Pure.Bench;

public static class BenchConfig
{
    public static IConfig Default { get; } = DefaultConfig.Instance
        .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(12).WithId("bench"))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .WithOptions(ConfigOptions.JoinSummary);
}
