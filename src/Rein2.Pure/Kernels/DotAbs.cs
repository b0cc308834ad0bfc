// (Σ x[i]·y[i], Σ |x[i]|·y[i]) in one pass — an output unit's value and the magnitude sum its
// rounding-error bound needs (Nn/IncrementalGreedy.cs). Vector512 → Vector<T> → scalar remainder,
// two accumulators per sum; DotAbsScalar is the sequential reference.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rein2.Pure;

public static partial class Kernels
{
    /// <summary>(Σ x[i]·y[i], Σ |x[i]|·y[i]) over equal-length spans (SIMD).</summary>
    public static (float Dot, float AbsDot) DotAbs(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ThrowHelper.RequireSameLength(x.Length, y.Length, nameof(x), nameof(y));
        return DotAbsUnchecked(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length);
    }

    /// <summary>Reference implementation: plain sequential sums.</summary>
    public static (float Dot, float AbsDot) DotAbsScalar(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ThrowHelper.RequireSameLength(x.Length, y.Length, nameof(x), nameof(y));
        float s = 0f, sa = 0f;
        for (int i = 0; i < x.Length; i++) { s += x[i] * y[i]; sa += MathF.Abs(x[i]) * y[i]; }
        return (s, sa);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (float Dot, float AbsDot) DotAbsUnchecked(ref float x, ref float y, int n, SimdPath path = SimdPath.Auto)
    {
        if (path == SimdPath.Auto) path = SimdPaths.Best;
        int i = 0;
        float sum = 0f, absSum = 0f;
        if (path == SimdPath.Vector512 && n >= 16)
        {
            Vector512<float> d0 = default, d1 = default, a0 = default, a1 = default;
            for (; i <= n - 32; i += 32)
            {
                var x0 = Vector512.LoadUnsafe(ref x, (nuint)i); var y0 = Vector512.LoadUnsafe(ref y, (nuint)i);
                var x1 = Vector512.LoadUnsafe(ref x, (nuint)(i + 16)); var y1 = Vector512.LoadUnsafe(ref y, (nuint)(i + 16));
                d0 = Vector512.FusedMultiplyAdd(x0, y0, d0); a0 = Vector512.FusedMultiplyAdd(Vector512.Abs(x0), y0, a0);
                d1 = Vector512.FusedMultiplyAdd(x1, y1, d1); a1 = Vector512.FusedMultiplyAdd(Vector512.Abs(x1), y1, a1);
            }
            for (; i <= n - 16; i += 16)
            {
                var x0 = Vector512.LoadUnsafe(ref x, (nuint)i); var y0 = Vector512.LoadUnsafe(ref y, (nuint)i);
                d0 = Vector512.FusedMultiplyAdd(x0, y0, d0); a0 = Vector512.FusedMultiplyAdd(Vector512.Abs(x0), y0, a0);
            }
            sum = Vector512.Sum(d0 + d1); absSum = Vector512.Sum(a0 + a1);
        }
        else if (path != SimdPath.Scalar && n >= Vector<float>.Count)
        {
            int w = Vector<float>.Count;
            Vector<float> d0 = default, d1 = default, a0 = default, a1 = default;
            for (; i <= n - 2 * w; i += 2 * w)
            {
                var x0 = Vector.LoadUnsafe(ref x, (nuint)i); var y0 = Vector.LoadUnsafe(ref y, (nuint)i);
                var x1 = Vector.LoadUnsafe(ref x, (nuint)(i + w)); var y1 = Vector.LoadUnsafe(ref y, (nuint)(i + w));
                d0 = Vector.FusedMultiplyAdd(x0, y0, d0); a0 = Vector.FusedMultiplyAdd(Vector.Abs(x0), y0, a0);
                d1 = Vector.FusedMultiplyAdd(x1, y1, d1); a1 = Vector.FusedMultiplyAdd(Vector.Abs(x1), y1, a1);
            }
            for (; i <= n - w; i += w)
            {
                var x0 = Vector.LoadUnsafe(ref x, (nuint)i); var y0 = Vector.LoadUnsafe(ref y, (nuint)i);
                d0 = Vector.FusedMultiplyAdd(x0, y0, d0); a0 = Vector.FusedMultiplyAdd(Vector.Abs(x0), y0, a0);
            }
            sum = Vector.Sum(d0 + d1); absSum = Vector.Sum(a0 + a1);
        }
        for (; i < n; i++)
        {
            float xi = Unsafe.Add(ref x, i), yi = Unsafe.Add(ref y, i);
            sum += xi * yi; absSum += MathF.Abs(xi) * yi;
        }
        return (sum, absSum);
    }
}
