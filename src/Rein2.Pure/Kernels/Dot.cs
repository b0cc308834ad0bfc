// Dot product of two float32 vectors: Σ x[i]·y[i].
// Vector512 → Vector<T> (256/128-bit) → scalar remainder; two independent accumulators per width
// hide the FMA latency. DotScalar is the reference the tests compare against.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rein2.Pure;

internal static partial class Kernels
{
    /// <summary>Σ x[i]·y[i] over equal-length spans (SIMD).</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ThrowHelper.RequireSameLength(x.Length, y.Length, nameof(x), nameof(y));
        return DotUnchecked(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length);
    }

    /// <summary>Reference implementation: a plain sequential loop.</summary>
    public static float DotScalar(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ThrowHelper.RequireSameLength(x.Length, y.Length, nameof(x), nameof(y));
        float s = 0f;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float DotUnchecked(ref float x, ref float y, int n, SimdPath path = SimdPath.Auto)
    {
        if (path == SimdPath.Auto) path = SimdPaths.Best;
        int i = 0;
        float sum = 0f;
        if (path == SimdPath.Vector512 && n >= Vector512<float>.Count)
        {
            var acc0 = Vector512<float>.Zero;
            var acc1 = Vector512<float>.Zero;
            const int W = 16;
            for (; i <= n - 2 * W; i += 2 * W)
            {
                acc0 = MulAdd.Of(Vector512.LoadUnsafe(ref x, (nuint)i), Vector512.LoadUnsafe(ref y, (nuint)i), acc0);
                acc1 = MulAdd.Of(Vector512.LoadUnsafe(ref x, (nuint)(i + W)), Vector512.LoadUnsafe(ref y, (nuint)(i + W)), acc1);
            }
            for (; i <= n - W; i += W)
                acc0 = MulAdd.Of(Vector512.LoadUnsafe(ref x, (nuint)i), Vector512.LoadUnsafe(ref y, (nuint)i), acc0);
            sum = Vector512.Sum(acc0 + acc1);
        }
        else if (path != SimdPath.Scalar && n >= Vector<float>.Count)
        {
            int w = Vector<float>.Count;
            var acc0 = Vector<float>.Zero;
            var acc1 = Vector<float>.Zero;
            for (; i <= n - 2 * w; i += 2 * w)
            {
                acc0 = MulAdd.Of(Vector.LoadUnsafe(ref x, (nuint)i), Vector.LoadUnsafe(ref y, (nuint)i), acc0);
                acc1 = MulAdd.Of(Vector.LoadUnsafe(ref x, (nuint)(i + w)), Vector.LoadUnsafe(ref y, (nuint)(i + w)), acc1);
            }
            for (; i <= n - w; i += w)
                acc0 = MulAdd.Of(Vector.LoadUnsafe(ref x, (nuint)i), Vector.LoadUnsafe(ref y, (nuint)i), acc0);
            sum = Vector.Sum(acc0 + acc1);
        }
        for (; i < n; i++) sum += Unsafe.Add(ref x, i) * Unsafe.Add(ref y, i);
        return sum;
    }
}
