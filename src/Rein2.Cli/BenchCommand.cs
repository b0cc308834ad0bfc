// `rein2 bench`: a fixed micro-workload timed with a Stopwatch (best of 5), so that the NativeAOT
// binary and the JIT build can be compared on the same code: the [4→256→256→2] forward pass at batch
// 1 and 64, forward+backward at 64, and scalar/batched CartPole steps.
using System.Diagnostics;
using Rein2.Pure;
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;
using Rein2.Pure.Rng;

namespace Rein2.Cli;

public static class BenchCommand
{
    static string _only = "";

    public static int Run(string[] args, TextWriter stdout)
    {
        // an optional word keeps only the workloads whose name contains it (for profiling one of them)
        _only = Commands.Bench.Parse(args, 1).Positional.FirstOrDefault() ?? "";
        stdout.WriteLine($"SIMD: {SimdPaths.Describe()}");
        var net = new Mlp(new MlpLayout([4, 256, 256, 2], Activation.Relu));
        var rng = new Pcg64(0);
        Init.TorchDefault(net, ref rng);
        var x1 = new float[4]; var x64 = new float[64 * 4]; var dy = new float[64 * 2];
        for (int i = 0; i < x64.Length; i++) x64[i] = (float)rng.Uniform(-1, 1);
        net.EnsureCapacity(64);
        Report(stdout, "mlp 4-256-256-2 forward B=1", () => Time(() => net.Forward(x1, 1)), 1, "calls");
        Report(stdout, "mlp 4-256-256-2 forward B=64", () => Time(() => net.Forward(x64, 64)), 1, "calls");
        Report(stdout, "mlp 4-256-256-2 fwd+bwd B=64", () => Time(() => { net.Forward(x64, 64); net.Backward(dy); }), 1, "calls");
        // random actions, pre-drawn (as the BenchmarkDotNet env benchmarks and Gymnasium's figures)
        var acts = new int[16][];
        for (int t = 0; t < 16; t++) { acts[t] = new int[64]; for (int i = 0; i < 64; i++) acts[t][i] = (int)rng.Integers(0, 2); }
        var env = new CartPole(); var obs = new float[4];
        env.Reset(obs, 0);
        Report(stdout, "CartPole-v1 scalar step", () => Time(() =>
        {
            for (int i = 0; i < 1000; i++) { var r = env.Step(acts[i & 15][i & 63], obs); if (r.Done) env.Reset(obs); }
        }), 1000, "steps");
        foreach (var mode in new[] { TrigMode.Exact, TrigMode.Fast })
        {
            var vec = VecEnvRegistry.Make("CartPole-v1", 64, mode); vec.Reset(0);
            Report(stdout, $"CartPole-v1 batched B=64 {mode}", () => Time(() => { for (int t = 0; t < 16; t++) vec.Step(acts[t]); }), 16 * 64, "steps");
        }
        return CommandLine.Ok;
    }

    /// <summary>Seconds per call of <paramref name="a"/>: 300 ms of warm-up (tiered JIT reaches optimised code), then the best of 5 repetitions.</summary>
    public static double Time(Action a)
    {
        for (int i = 0; i < 200; i++) a();
        var sw = Stopwatch.StartNew();
        int n = 0;
        while (sw.ElapsedMilliseconds < 300) { a(); n++; }
        double best = double.MaxValue;
        for (int rep = 0; rep < 5; rep++)
        {
            sw.Restart();
            for (int i = 0; i < n; i++) a();
            best = Math.Min(best, sw.Elapsed.TotalSeconds / n);
        }
        return best;
    }

    static void Report(TextWriter w, string name, Func<double> time, double units, string unit)
    {
        if (!name.Contains(_only, StringComparison.OrdinalIgnoreCase)) return;
        double seconds = time();
        w.WriteLine($"{name,-34} {seconds * 1e9 / units,10:F1} ns per {unit.TrimEnd('s')}  ({units / seconds:N0} {unit}/s)");
    }
}
