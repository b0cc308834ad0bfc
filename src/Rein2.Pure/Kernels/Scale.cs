// x[i] *= a.
using System.Runtime.Intrinsics;

namespace Rein2.Pure;

public static partial class Kernels
{
    /// <summary>x[i] *= a (SIMD).</summary>
    public static void Scale(Span<float> x, float a)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var va = Vector512.Create(a);
            for (; i <= x.Length - 16; i += 16) (Vector512.Create(x.Slice(i, 16)) * va).CopyTo(x.Slice(i, 16));
        }
        for (; i < x.Length; i++) x[i] *= a;
    }

    /// <summary>Reference implementation.</summary>
    public static void ScaleScalar(Span<float> x, float a)
    {
        for (int i = 0; i < x.Length; i++) x[i] *= a;
    }
}
