// Activations and Scale at every SIMD width against the scalar path, for lengths around the vector
// widths: to the bit (each width does the scalar loop's float32 operations) — except tanh's forward,
// whose vector paths use their own exp (Kernels/Tanh.cs; within 1e-6 there, KernelTests).
using FsCheck.Xunit;
using Rein2.Pure.Nn;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Nn;

public class ActivationPathTests
{
    [Property(MaxTest = 80)]
    public void EveryWidthEqualsTheScalarPath(ulong seed, byte lengthRaw, byte pathIndex, byte actRaw)
    {
        int n = lengthRaw % 70;
        var path = TestData.AllPaths[pathIndex % 3];
        var act = (Activation)(actRaw % 3);
        var x = TestData.Uniform(Math.Max(n, 1), seed, -3, 3).AsSpan(0, n).ToArray();
        var dy = TestData.Uniform(Math.Max(n, 1), seed + 1, -2, 2).AsSpan(0, n).ToArray();
        var yS = (float[])x.Clone(); var yV = (float[])x.Clone();
        Activations.Forward(yS, act, SimdPath.Scalar); Activations.Forward(yV, act, path);
        if (act == Activation.Tanh)
            for (int i = 0; i < n; i++) Assert.True(Math.Abs(yS[i] - yV[i]) <= 1e-6 * (Math.Abs(yS[i]) + 0.1), $"tanh[{i}] {yV[i]} vs {yS[i]}");
        else Assert.Equal(yS, yV);
        var dS = (float[])dy.Clone(); var dV = (float[])dy.Clone();
        Activations.Backward(dS, yS, act, SimdPath.Scalar); Activations.Backward(dV, yS, act, path);
        Assert.Equal(dS, dV);
        var sS = (float[])x.Clone(); var sV = (float[])x.Clone();
        Pure.Kernels.ScaleScalar(sS, 0.37f); Pure.Kernels.Scale(sV, 0.37f, path);
        Assert.Equal(sS, sV);
    }
}
