// docs/learn/02-mlp.md: the backward pass of an MLP checked against finite differences.
using System.Globalization;
using Rein2.Pure.Nn;
using Rein2.Pure.Rng;

namespace Rein2.Learn;

public static class GradientCheckChapter
{
    /// <summary>
    /// The largest relative difference between backprop and finite differences (also printed); writes
    /// OUT_DIR/gradcheck.csv (both gradients of every parameter, sorted by the backprop value).
    /// </summary>
    public static double Run(TextWriter o, string outDir)
    {
        // chapter: gradcheck
        // a 3-8-8-2 tanh network in one flat float[] (llm.c's layout), PyTorch's default initialisation
        var net = new Mlp(new MlpLayout([3, 8, 8, 2], Activation.Tanh));
        var rng = new Pcg64(0);
        Init.TorchDefault(net, ref rng);
        const int batch = 4;
        var x = new float[batch * 3];
        Init.Uniform(x, -1, 1, ref rng);

        // loss L = ½ Σ y², so dL/dy = y
        double Loss()
        {
            double sum = 0;
            foreach (float y in net.Forward(x, batch)) sum += 0.5 * y * y;
            return sum;
        }
        net.ZeroGrad();
        var y = net.Forward(x, batch).ToArray();
        net.Backward(y);                                 // accumulates dL/dθ into net.Gradients

        // central differences, one parameter at a time: (L(θ + h) − L(θ − h)) / 2h
        const float h = 1e-2f;
        double worst = 0;
        var pairs = new List<(double Analytic, double Numeric)>();
        var theta = net.Parameters;
        for (int i = 0; i < theta.Length; i++)
        {
            float keep = theta[i];
            theta[i] = keep + h; double up = Loss();
            theta[i] = keep - h; double down = Loss();
            theta[i] = keep;
            double numeric = (up - down) / (2 * h), analytic = net.Gradients[i];
            pairs.Add((analytic, numeric));
            worst = Math.Max(worst, Math.Abs(numeric - analytic) / Math.Max(Math.Abs(numeric) + Math.Abs(analytic), 1e-3));
        }
        o.WriteLine($"{theta.Length} parameters, largest relative difference {worst:E1}");
        o.WriteLine(worst < 1e-2 ? "the backward pass agrees with finite differences" : "MISMATCH: the backward pass is wrong");
        Directory.CreateDirectory(outDir);
        File.WriteAllLines(Path.Combine(outDir, "gradcheck.csv"), ["rank,backprop,finite_difference",
            .. pairs.OrderBy(p => p.Analytic).Select((p, r) => string.Create(CultureInfo.InvariantCulture, $"{r},{p.Analytic:R},{p.Numeric:R}"))]);
        // end chapter
        return worst;
    }
}
