// `dotnet run -c Release --project bench/Rein2.Pure.Bench -- quick`: a few-second Stopwatch pass
// over the MLP shapes for use while tuning kernels. Not the published figures (those come from
// BenchmarkDotNet), just a fast loop: `rein2 bench`'s timer (warm-up, then the best of 5 repetitions).
namespace Rein2.Pure.Bench;

public static class QuickTiming
{
    public static void Run()
    {
        foreach (var shape in new[] { "4-64-64-2", "4-256-256-2" })
            foreach (int batch in new[] { 1, 10, 64, 2048 })
            {
                var b = new MlpBench { Shape = shape, Batch = batch };
                b.Setup();
                double f = Time(() => b.Forward()), fb = Time(b.ForwardBackward);
                Console.WriteLine($"{shape,-12} B={batch,-5} fwd {f * 1e6,9:F2} µs {MlpBench.Flops("Forward", shape, batch) / f / 1e9,6:F1} GFLOP/s" +
                                  $" | fwd+bwd {fb * 1e6,9:F2} µs {MlpBench.Flops("ForwardBackward", shape, batch) / fb / 1e9,6:F1} GFLOP/s");
            }
    }

    // one Stopwatch best-of for every quick pass: the same as `rein2 bench` uses
    public static double Time(Action a) => Rein2.Cli.BenchCommand.Time(a);
}
