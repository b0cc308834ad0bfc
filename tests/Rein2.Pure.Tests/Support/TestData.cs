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

    public static readonly global::Rein2.Pure.SimdPath[] AllPaths =
        [global::Rein2.Pure.SimdPath.Vector512, global::Rein2.Pure.SimdPath.Vector, global::Rein2.Pure.SimdPath.Scalar];
}
