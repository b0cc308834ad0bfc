// `-- kernels`: Stopwatch timings of the pieces of a [256×256] layer at batch 64, for tuning.
namespace Rein2.Pure.Bench;

public static class KernelTiming
{
    public static void Run()
    {
        const int B = 64, In = 256, Out = 256;
        var x = new float[B * In]; var w = new float[Out * In]; var wt = new float[In * Out]; var y = new float[B * Out];
        var dy = new float[B * Out]; var dx = new float[B * In]; var dw = new float[Out * In];
        new Random(1).NextBytes(new byte[1]);
        for (int i = 0; i < x.Length; i++) x[i] = (i % 7) * 0.1f;
        for (int i = 0; i < w.Length; i++) w[i] = (i % 5) * 0.01f;
        double flops = 2.0 * B * In * Out;
        Report("transpose 256x256", QuickTiming.Time(() => Kernels.Transpose(wt, w, Out, In)), 0);
        Report("gemm fwd  Y=X·Wt", QuickTiming.Time(() => Kernels.Gemm(y, Out, x, In, 1, wt, Out, B, Out, In)), flops);
        Report("gemmNT fwd Y=X·Wᵀ", QuickTiming.Time(() => Kernels.GemmNT(y, Out, x, In, w, In, B, Out, In)), flops);
        Report("gemm dX = dY·W", QuickTiming.Time(() => Kernels.Gemm(dx, In, dy, Out, 1, w, In, B, In, Out)), flops);
        Report("gemm dW = dYt·X", QuickTiming.Time(() => Kernels.Gemm(dw, In, dy, 1, Out, x, In, Out, In, B)), flops);
    }

    static void Report(string name, double s, double flops) =>
        Console.WriteLine($"{name,-22} {s * 1e6,8:F2} µs {(flops > 0 ? $"{flops / s / 1e9,7:F1} GFLOP/s" : "")}");
}
