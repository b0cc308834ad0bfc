// Initialisers: orthogonality (W·Wᵀ = gain²·I or Wᵀ·W = gain²·I) for random shapes, torch-default
// bounds, determinism per seed.
using FsCheck.Xunit;
using Rein2.Pure.Nn;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Tests.Nn;

public class InitTests
{
    [Property(MaxTest = 40)]
    public void OrthogonalInitIsOrthogonalTimesGain(byte rowsRaw, byte colsRaw, byte gainRaw, ulong seed)
    {
        int rows = rowsRaw % 96 + 1, cols = colsRaw % 96 + 1;
        double gain = new[] { 1.0, Math.Sqrt(2), 0.01, 3.0 }[gainRaw % 4];
        var w = new float[rows * cols];
        var rng = new Pcg64(seed);
        Init.Orthogonal(w, rows, cols, gain, ref rng);
        bool wide = rows <= cols;
        int n = wide ? rows : cols;         // the Gram matrix is n×n
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                if (wide) for (int k = 0; k < cols; k++) s += (double)w[i * cols + k] * w[j * cols + k];
                else for (int k = 0; k < rows; k++) s += (double)w[k * cols + i] * w[k * cols + j];
                double expected = i == j ? gain * gain : 0;
                // float32 rounding of each entry: relative 6e-8, summed over ≤ 96 products
                Assert.True(Math.Abs(s - expected) <= 1e-5 * gain * gain, $"{rows}x{cols} gain {gain}: Gram[{i},{j}] = {s}");
            }
    }

    [Fact]
    public void TorchDefaultDrawsWithinOneOverSqrtFanIn()
    {
        var net = new Mlp(new MlpLayout([4, 256, 256, 2], Activation.Relu));
        var rng = new Pcg64(0);
        Init.TorchDefault(net, ref rng);
        for (int l = 0; l < 3; l++)
        {
            float bound = 1f / MathF.Sqrt(net.Layout.In(l));
            Assert.All(net.Weight(l).ToArray(), v => Assert.InRange(v, -bound, bound));
            Assert.All(net.Bias(l).ToArray(), v => Assert.InRange(v, -bound, bound));
            // spread: the extreme draws come near the bound
            Assert.True(net.Weight(l).ToArray().Max() > 0.9f * bound);
        }
        Assert.Equal(67_586, net.Layout.ParameterCount); // the Python reference's k for CartPole
    }

    [Fact]
    public void SameSeedSameInit()
    {
        var a = new Mlp(new MlpLayout([3, 17, 2], Activation.Tanh));
        var b = new Mlp(new MlpLayout([3, 17, 2], Activation.Tanh));
        var r1 = new Pcg64(9); var r2 = new Pcg64(9);
        Init.Orthogonal(a, [Math.Sqrt(2), 0.01], ref r1);
        Init.Orthogonal(b, [Math.Sqrt(2), 0.01], ref r2);
        Assert.Equal(a.Parameters.ToArray(), b.Parameters.ToArray());
    }
}

public class PackedMlpTests
{
    // The packed inference mirror against the plain network, after full syncs and single-entry
    // updates (as REIN-2 writes its RBV), for every batch size up to 12.
    [Fact]
    public void PackedForwardMatchesMlpAndTracksParameterWrites()
    {
        var net = new Mlp(new MlpLayout([4, 256, 256, 2], Activation.Relu));
        var rng = new Pcg64(3);
        Init.TorchDefault(net, ref rng);
        var packed = new PackedMlp(net);
        for (int round = 0; round < 3; round++)
        {
            for (int w = 0; w < 50; w++)
            {
                int idx = (int)rng.Integers(0, net.Layout.ParameterCount);
                float v = (float)rng.Uniform(-1, 1);
                net.Parameters[idx] = v;
                packed.SetParameter(idx, v);
            }
            for (int B = 1; B <= 12; B++)
            {
                var x = new float[B * 4];
                for (int i = 0; i < x.Length; i++) x[i] = (float)rng.Uniform(-2, 2);
                var want = net.Forward(x, B).ToArray();
                var got = packed.Forward(x, B).ToArray();
                for (int i = 0; i < want.Length; i++)
                    Assert.True(Math.Abs(want[i] - got[i]) <= 1e-4 * (1 + Math.Abs(want[i])), $"round {round} B={B} out[{i}]: {got[i]} vs {want[i]}");
            }
        }
    }
}
