// x[i] *= a.
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Rein2.Pure;

internal static partial class Kernels
{
    /// <summary>x[i] *= a (SIMD).</summary>
    public static void Scale(Span<float> x, float a) => Scale(x, a, SimdPath.Auto);

    internal static void Scale(Span<float> x, float a, SimdPath path)
    {
        if (path == SimdPath.Auto) path = SimdPaths.Best;
        int i = 0;
        if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
        {
            var va = Vector512.Create(a);
            for (; i <= x.Length - 16; i += 16) (Vector512.Create(x.Slice(i, 16)) * va).CopyTo(x.Slice(i, 16));
        }
        else if (path == SimdPath.Vector && Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            var va = new Vector<float>(a);
            for (; i <= x.Length - w; i += w) (new Vector<float>(x.Slice(i, w)) * va).CopyTo(x.Slice(i, w));
        }
        for (; i < x.Length; i++) x[i] *= a;
    }

    /// <summary>Reference implementation.</summary>
    public static void ScaleScalar(Span<float> x, float a)
    {
        for (int i = 0; i < x.Length; i++) x[i] *= a;
    }
}
