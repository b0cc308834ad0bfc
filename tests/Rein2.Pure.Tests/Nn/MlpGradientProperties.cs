// Analytic MLP gradients (float32, SIMD) against central finite differences of a float64 reference
// MLP, for random sizes (1..300), batches (1..70, covering every SIMD remainder) and activations.
// Loss L = Σ y ⊙ g for a fixed random g. FD step h = 1e-5 in float64 has truncation error O(h²)
// and no float32 noise; ReLU kinks are crossed with probability ~1e-5 per checked entry.
// Tolerance: float32 backward sums ≤ 300·70 terms, so we allow 2e-3 relative + 2e-4·max|∇|.
using FsCheck.Xunit;
using Rein2.Pure.Nn;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Tests.Nn;

public class MlpGradientProperties
{
    static readonly Activation[] Acts = [Activation.Tanh, Activation.Relu, Activation.Identity];

    // float64 reference forward: returns L = Σ y·g
    static double LossF64(MlpLayout L, double[] p, double[] x, double[] g, int B)
    {
        var a = x;
        for (int l = 0; l < L.LayerCount; l++)
        {
            int In = L.In(l), Out = L.Out(l), wo = L.WeightOffset(l), bo = L.BiasOffset(l);
            var y = new double[B * Out];
            for (int r = 0; r < B; r++)
                for (int o = 0; o < Out; o++)
                {
                    double s = p[bo + o];
                    for (int i = 0; i < In; i++) s += a[r * In + i] * p[wo + o * In + i];
                    y[r * Out + o] = L.ActivationOf(l) switch
                    {
                        Activation.Tanh => Math.Tanh(s),
                        Activation.Relu => Math.Max(0, s),
                        _ => s,
                    };
                }
            a = y;
        }
        double loss = 0;
        for (int i = 0; i < a.Length; i++) loss += a[i] * g[i];
        return loss;
    }

    [Property(MaxTest = 25)]
    public void AnalyticGradientsMatchFiniteDifferences(ushort in0, ushort h1, ushort h2, byte depth, byte batch, byte act, ulong seed)
    {
        int[] all = [in0 % 300 + 1, h1 % 300 + 1, h2 % 300 + 1, (int)(seed % 7) + 1];
        int layers = depth % 3 + 1;
        int[] sizes = [all[0], .. all.Skip(1).Take(layers - 1), all[3]];
        var layout = new MlpLayout(sizes, Acts[act % 3]);
        int B = batch % 70 + 1;
        var rng = new Pcg64(seed);
        var net = new Mlp(layout);
        Init.TorchDefault(net, ref rng);
        var x = new float[B * layout.InputSize];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.Uniform(-2, 2);
        var g = new float[B * layout.OutputSize];
        for (int i = 0; i < g.Length; i++) g[i] = (float)rng.Uniform(-1, 1);

        net.Forward(x, B);
        net.ZeroGrad();
        var dx = new float[x.Length];
        net.Backward(g, dx);

        var p64 = net.Parameters.ToArray().Select(v => (double)v).ToArray();
        var x64 = x.Select(v => (double)v).ToArray();
        var g64 = g.Select(v => (double)v).ToArray();
        double maxGrad = Math.Max(net.Gradients.ToArray().Max(Math.Abs), dx.Max(Math.Abs));
        const double h = 1e-5;
        // central difference of the float64 loss in one coordinate of `v` (parameters or input)
        double FiniteDifference(double[] v, int j, double step)
        {
            double keep = v[j];
            v[j] = keep + step; double lp = LossF64(layout, p64, x64, g64, B);
            v[j] = keep - step; double lm = LossF64(layout, p64, x64, g64, B);
            v[j] = keep;
            return (lp - lm) / (2 * step);
        }
        double Tolerance(double fd) => 2e-3 * Math.Abs(fd) + 2e-4 * Math.Max(maxGrad, 1e-3);
        // A ReLU pre-activation within a step of zero puts a kink inside the difference, where the loss
        // has no derivative to compare with: there the differences at two step sizes disagree, and the
        // coordinate is not a test of the gradient. Every other coordinate must match.
        int checkedCount = 0, coordinates = 0;
        void Check(float analytic, double[] v, int j, string what)
        {
            coordinates++;
            double fd = FiniteDifference(v, j, h), fdSmall = FiniteDifference(v, j, h / 3);
            if (Math.Abs(fd - fdSmall) > Tolerance(fd)) return;
            checkedCount++;
            Assert.True(Math.Abs(analytic - fd) <= Tolerance(fd), $"{layout} B={B} {what}: analytic {analytic} vs FD {fd}");
        }
        for (int t = 0; t < 12; t++)
        {
            int j = (int)rng.Integers(0, p64.Length);
            Check(net.Gradients[j], p64, j, $"param {j}");
        }
        for (int t = 0; t < 4; t++)
        {
            int j = (int)rng.Integers(0, x64.Length);
            Check(dx[j], x64, j, $"input {j}");
        }
        Assert.True(checkedCount >= coordinates - 2, $"{layout} B={B}: {coordinates - checkedCount} of {coordinates} coordinates sat on a kink");
    }

    [Property(MaxTest = 60)]
    public void SimdLayerEqualsScalarReference(ushort inRaw, ushort outRaw, byte batch, ulong seed)
    {
        int In = inRaw % 300 + 1, Out = outRaw % 300 + 1, B = batch % 70 + 1;
        var x = Support.TestData.Uniform(B * In, seed);
        var w = Support.TestData.Uniform(Out * In, seed + 1);
        var b = Support.TestData.Uniform(Out, seed + 2);
        var dy = Support.TestData.Uniform(B * Out, seed + 3);
        var y = new float[B * Out]; var yRef = new float[B * Out];
        Linear.Forward(y, x, w, b, B, In, Out, new float[In * Out]);
        Linear.ForwardScalar(yRef, x, w, b, B, In, Out);
        double tol = 1e-6 * (In + 1);
        for (int i = 0; i < y.Length; i++) Assert.True(Math.Abs(y[i] - yRef[i]) <= tol, $"y[{i}] {y[i]} vs {yRef[i]}");
        var dx = new float[B * In]; var dW = new float[Out * In]; var dB = new float[Out];
        var dxR = new float[B * In]; var dWR = new float[Out * In]; var dBR = new float[Out];
        Linear.Backward(dx, dW, dB, dy, x, w, B, In, Out, new float[In * Out]);
        Linear.BackwardScalar(dxR, dWR, dBR, dy, x, w, B, In, Out);
        for (int i = 0; i < dx.Length; i++) Assert.True(Math.Abs(dx[i] - dxR[i]) <= 1e-6 * (Out + 1), $"dx[{i}] {dx[i]} vs {dxR[i]}");
        for (int i = 0; i < dW.Length; i++) Assert.True(Math.Abs(dW[i] - dWR[i]) <= 1e-6 * (B + 1), $"dW[{i}] {dW[i]} vs {dWR[i]}");
        for (int i = 0; i < dB.Length; i++) Assert.True(Math.Abs(dB[i] - dBR[i]) <= 1e-6 * (B + 1), $"dB[{i}] {dB[i]} vs {dBR[i]}");
    }
}
