// `-- envs`: Stopwatch timings of every scalar env and batched env, for tuning (published figures
// come from EnvBench/VecEnvBench under BenchmarkDotNet).
using Rein2.Pure.Envs;

namespace Rein2.Pure.Bench;

public static class EnvTiming
{
    public static void Run()
    {
        foreach (var id in EnvRegistry.Ids)
        {
            var b = new EnvBench { Id = id };
            b.Setup();
            double s = QuickTiming.Time(() => b.ScalarStep()) / EnvBench.StepsPerOp;
            Console.WriteLine($"{id,-26} scalar {s * 1e9,7:F1} ns/step  {1 / s / 1e6,7:F2} M steps/s");
            foreach (var mode in new[] { TrigMode.Exact, TrigMode.Fast })
                foreach (int n in new[] { 8, 64, 1024 })
                {
                    var v = new VecEnvBench { Id = id, B = n, Mode = mode };
                    v.Setup();
                    double t = QuickTiming.Time(() => v.StepBatch()) / VecEnvBench.EnvStepsPerOp(n);
                    Console.WriteLine($"{id,-26} B={n,-5} {mode,-5} {t * 1e9,7:F2} ns/step  {1 / t / 1e6,7:F2} M steps/s");
                }
        }
    }
}
