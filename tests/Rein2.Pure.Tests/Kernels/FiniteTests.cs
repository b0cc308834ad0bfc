// The SIMD finiteness test against its scalar reference: every length around the vector widths,
// one special value planted at every position (NaN, ±∞ are non-finite; the largest finite value,
// subnormals and −0 are finite), for floats and doubles.
namespace Rein2.Pure.Tests.Kernels;

public class FiniteTests
{
    static readonly float[] FloatSpecials = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, -float.MaxValue, float.Epsilon, -0f, BitConverter.Int32BitsToSingle(0x7FC0_BEEF)];
    static readonly double[] DoubleSpecials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.Epsilon, -0d];

    [Fact]
    public void FloatVectorPathMatchesTheScalarReferenceAtEveryPosition()
    {
        var rng = new Random(1);
        for (int n = 0; n <= 70; n++)
            foreach (float special in FloatSpecials)
                for (int at = -1; at < n; at++)
                {
                    var x = new float[n];
                    for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 2e6 - 1e6);
                    if (at >= 0) x[at] = special;
                    Assert.Equal(Pure.Kernels.AllFiniteScalar(x), Pure.Kernels.AllFinite(x));
                    Assert.Equal(at < 0 || float.IsFinite(special), Pure.Kernels.AllFinite(x));
                }
    }

    [Fact]
    public void DoubleVectorPathMatchesTheScalarReferenceAtEveryPosition()
    {
        for (int n = 0; n <= 40; n++)
            foreach (double special in DoubleSpecials)
                for (int at = -1; at < n; at++)
                {
                    var x = new double[n];
                    for (int i = 0; i < n; i++) x[i] = i * 1.5 - 7;
                    if (at >= 0) x[at] = special;
                    Assert.Equal(Pure.Kernels.AllFiniteScalar(x), Pure.Kernels.AllFinite(x));
                    Assert.Equal(at < 0 || double.IsFinite(special), Pure.Kernels.AllFinite(x));
                }
    }
}
