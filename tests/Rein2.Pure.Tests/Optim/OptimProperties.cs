// Optimizer invariants and schedule semantics.
using FsCheck.Xunit;
using Rein2.Pure.Optim;

namespace Rein2.Pure.Tests.Optim;

public class OptimProperties
{
    [Property(MaxTest = 50)]
    public void AdamWithZeroGradientLeavesParametersUnchanged(ulong seed, byte steps)
    {
        var p = Support.TestData.Uniform(33, seed);
        var before = (float[])p.Clone();
        var adam = new Adam(33, 1e-3, eps: 1e-8);
        for (int i = 0; i <= steps % 10; i++) adam.Update(p, new float[33]);
        Assert.Equal(before, p);
    }

    // Adam and RMSprop: every SIMD width gives the scalar loop's parameters and moments to the bit,
    // over several steps, for lengths around the vector widths (remainders included).
    [Property(MaxTest = 60)]
    public void OptimizerPathsAreBitIdenticalToScalar(ulong seed, byte lengthRaw, byte pathIndex)
    {
        int n = 1 + lengthRaw % 70;
        var path = Support.TestData.AllPaths[pathIndex % 3];
        var pS = Support.TestData.Uniform(n, seed); var pV = (float[])pS.Clone();
        var qS = (float[])pS.Clone(); var qV = (float[])pS.Clone();
        var adamS = new Adam(n, 3e-3, eps: 1e-8); var adamV = new Adam(n, 3e-3, eps: 1e-8);
        var rmsS = new RmsProp(n, 7e-4); var rmsV = new RmsProp(n, 7e-4);
        for (int t = 0; t < 5; t++)
        {
            var g = Support.TestData.Uniform(n, seed + 1 + (ulong)t, -3, 3);
            adamS.Update(pS, g, SimdPath.Scalar); adamV.Update(pV, g, path);
            rmsS.Update(qS, g, SimdPath.Scalar); rmsV.Update(qV, g, path);
        }
        Assert.Equal(pS, pV); Assert.Equal(adamS.M, adamV.M); Assert.Equal(adamS.V, adamV.V);
        Assert.Equal(qS, qV); Assert.Equal(rmsS.SquareAvg, rmsV.SquareAvg);
    }

    [Property(MaxTest = 50)]
    public void ClippingBoundsTheNormAndKeepsDirection(ulong seed, byte maxRaw)
    {
        var g = Support.TestData.Uniform(50, seed, -10, 10);
        var before = (float[])g.Clone();
        double maxNorm = maxRaw % 20 + 0.5;
        double norm = GradClip.ClipByGlobalNorm(g, maxNorm);
        Assert.True(GradClip.Norm(g) <= maxNorm * (1 + 1e-6));
        double scale = norm > maxNorm ? maxNorm / (norm + 1e-6) : 1.0;
        for (int i = 0; i < g.Length; i++) Assert.Equal(before[i] * scale, g[i], 1e-5);
    }

    [Fact]
    public void SchedulesFollowProgressRemaining()
    {
        var lin = Schedule.Parse("lin_0.001");
        Assert.Equal(0.001, lin.Value(1.0), 15);
        Assert.Equal(0.0005, lin.Value(0.5), 15);
        Assert.True(lin.Value(-0.00096) < 0); // SB3's last on-policy update edge
        Assert.Equal(3e-4, Schedule.Parse("3e-4").Value(0.1));
        Assert.Equal(lin, Schedule.Parse(lin.ToString()));
        var e = Assert.Throws<FormatException>(() => Schedule.Parse("lin_x"));
        Assert.Contains("lin_x", e.Message);
    }
}
