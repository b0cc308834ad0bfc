// `dotnet run -c Release --project bench/Rein2.Pure.Bench -- quick`: a few-second Stopwatch pass
// over the MLP shapes for use while tuning kernels. Not the published figures (those come from
// BenchmarkDotNet), just a fast loop: 400 ms of warm-up, then the best of 5 repetitions of ~50 ms.
using System.Diagnostics;

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

    public static double Time(Action a)
    {
        // warm up long enough for tiered compilation to reach its optimised code (with a 20 ms warm-up
        // the first rows were timed half-jitted: a CartPole step read 105–129 ns instead of 35–39)
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalMilliseconds < 400) a();
        int n = 1;
        sw.Restart();
        while (sw.Elapsed.TotalMilliseconds < 20) { a(); n++; }
        n = Math.Max(1, (int)(n * 50 / sw.Elapsed.TotalMilliseconds));
        double best = double.MaxValue;
        for (int rep = 0; rep < 5; rep++)
        {
            sw.Restart();
            for (int i = 0; i < n; i++) a();
            best = Math.Min(best, sw.Elapsed.TotalSeconds / n);
        }
        return best;
    }
}
