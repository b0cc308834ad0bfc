// Deterministic random test data from the project's own generator.
using Rein2.Pure.Rng;

namespace Rein2.Pure.Tests.Support;

public static class TestData
{
    public static float[] Uniform(int n, ulong seed, double low = -1, double high = 1)
    {
        var rng = new Pcg64(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)rng.Uniform(low, high);
        return x;
    }

    public static readonly Rein2.Pure.SimdPath[] AllPaths =
        [Rein2.Pure.SimdPath.Vector512, Rein2.Pure.SimdPath.Vector, Rein2.Pure.SimdPath.Scalar];
}
