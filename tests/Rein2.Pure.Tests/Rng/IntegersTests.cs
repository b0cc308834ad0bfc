// Bounded integers: range, and uniformity as a chi-square check (a property that can fail).
using FsCheck.Xunit;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Tests.Rng;

public class IntegersTests
{
    [Property(MaxTest = 200)]
    public void IntegersStayInRange(ulong seed, int lowRaw, ushort span)
    {
        long low = lowRaw, high = low + span + 1;
        var rng = new Pcg64(seed);
        for (int i = 0; i < 20; i++)
        {
            long v = rng.Integers(low, high);
            Assert.InRange(v, low, high - 1);
        }
    }

    [Fact]
    public void IntegersAreUniform()
    {
        var rng = new Pcg64(123);
        const int n = 7, draws = 70_000;
        var counts = new int[n];
        for (int i = 0; i < draws; i++) counts[rng.Integers(0, n)]++;
        double expected = draws / (double)n, chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chi2 < 22.5, $"chi² = {chi2} with 6 degrees of freedom (p < 0.001 threshold 22.46)");
    }

    [Fact]
    public void GaussianHasUnitMoments()
    {
        var rng = new Pcg64(5);
        const int n = 200_000;
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++) { double x = rng.NextGaussian(); s += x; s2 += x * x; }
        double mean = s / n, var = s2 / n - mean * mean;
        Assert.InRange(mean, -0.01, 0.01);   // s.e. 0.0022
        Assert.InRange(var, 0.98, 1.02);     // s.e. 0.0032
    }
}
