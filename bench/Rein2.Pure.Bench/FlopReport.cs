// Turns BenchmarkDotNet summaries into GFLOP/s and the fraction of the measured FMA peak.
using BenchmarkDotNet.Reports;

namespace Rein2.Pure.Bench;

public static class FlopReport
{
    // Env steps per second for EnvBench (per-step ops) and VecEnvBench (Steps·B per op).
    static void PrintEnvRates(IEnumerable<Summary> summaries)
    {
        var lines = new List<string>();
        foreach (var s in summaries)
            foreach (var r in s.Reports)
            {
                if (r.ResultStatistics is null) continue;
                string type = r.BenchmarkCase.Descriptor.Type.Name;
                double ns = r.ResultStatistics.Median;
                long bytes = r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? -1;
                if (type == nameof(EnvBench))
                    lines.Add($"| {r.BenchmarkCase.Parameters["Id"]} scalar | {ns:F1} ns/step | {1e9 / ns:N0} | {bytes} |");
                else if (type == nameof(VecEnvBench))
                {
                    int b = (int)r.BenchmarkCase.Parameters["B"];
                    double steps = VecEnvBench.EnvStepsPerOp(b);
                    lines.Add($"| {r.BenchmarkCase.Parameters["Id"]} B={b} {r.BenchmarkCase.Parameters["Mode"]} | {ns / steps:F2} ns/step | {steps * 1e9 / ns:N0} | {bytes} |");
                }
            }
        if (lines.Count == 0) return;
        Console.WriteLine();
        Console.WriteLine("| env | time | env steps/s | allocated B/op |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var l in lines) Console.WriteLine(l);
    }

    public static void Print(IEnumerable<Summary> summaries)
    {
        var rows = new List<(string Name, double Ns, double Flops, long Bytes)>();
        foreach (var s in summaries)
            foreach (var r in s.Reports)
            {
                if (r.ResultStatistics is null) continue;
                string method = r.BenchmarkCase.Descriptor.WorkloadMethod.Name;
                string type = r.BenchmarkCase.Descriptor.Type.Name;
                double ns = r.ResultStatistics.Median;
                long bytes = r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? -1;
                if (type == nameof(MlpBench))
                {
                    string shape = (string)r.BenchmarkCase.Parameters["Shape"];
                    int batch = (int)r.BenchmarkCase.Parameters["Batch"];
                    rows.Add(($"{method} {shape} B={batch}", ns, MlpBench.Flops(method, shape, batch), bytes));
                }
                else if (type == nameof(PeakFmaBench))
                    rows.Add((method, ns, PeakFmaBench.Flops(method), bytes));
            }
        PrintEnvRates(summaries);
        if (rows.Count == 0) return;
        double peak = rows.Where(r => r.Name == nameof(PeakFmaBench.Vector512Fma)).Select(r => r.Flops / r.Ns).DefaultIfEmpty(double.NaN).First();
        Console.WriteLine();
        Console.WriteLine("| benchmark | median µs | GFLOP/s | % of Vector512 FMA peak | allocated B/op |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            double gflops = r.Flops / r.Ns;
            Console.WriteLine($"| {r.Name} | {r.Ns / 1000:F3} | {gflops:F1} | {100 * gflops / peak:F1}% | {r.Bytes} |");
        }
    }
}
