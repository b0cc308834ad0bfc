// Benchmarks entry point. `--filter '*Mlp*'` etc. as usual with BenchmarkDotNet; after the run,
// a GFLOP/s table (with the fraction of the measured FMA peak) is printed for the MLP and peak groups.
// `quick` runs a fast Stopwatch pass instead (for tuning, not for publishing).
using BenchmarkDotNet.Running;
using Rein2.Pure.Bench;

if (args.Length > 0 && args[0] == "quick") { QuickTiming.Run(); return; }
if (args.Length > 0 && args[0] == "kernels") { KernelTiming.Run(); return; }
if (args.Length > 0 && args[0] == "envs") { EnvTiming.Run(); return; }
var summaries = BenchmarkSwitcher.FromAssembly(typeof(MlpBench).Assembly).Run(args, BenchConfig.Default);
FlopReport.Print(summaries);
