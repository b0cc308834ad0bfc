// y[j] = a[n, j] + Σ_{i<n} x[i]·a[i, j] — an affine map of a short input through the rows of an
// (n+1) × len matrix (row n is the constant term): REIN-2's second-layer pre-activation once the
// first layer's active set is folded into a (Nn/IncrementalGreedy.cs). The sum for each j runs in
// the order constant, x[0]·a[0, j], x[1]·a[1, j], … with one FMA per term on every path, so the
// vector paths equal AffineScalar exactly. Vector512 → Vector<T> → scalar remainder.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rein2.Pure;

public static partial class Kernels
{
    /// <summary>y[j] = a[n·stride + j] + Σ_{i&lt;n} x[i]·a[i·stride + j] for j &lt; y.Length, n = x.Length.</summary>
    public static void Affine(Span<float> y, ReadOnlySpan<float> a, int stride, ReadOnlySpan<float> x)
    {
        if (stride < y.Length) throw new ArgumentOutOfRangeException(nameof(stride), stride, $"stride must be ≥ y.Length = {y.Length}.");
        ThrowHelper.RequireLength(a.Length, x.Length * stride + y.Length, nameof(a));
        if (y.Length == 0) return;
        AffineUnchecked(ref MemoryMarshal.GetReference(y), y.Length, ref MemoryMarshal.GetReference(a), stride, x);
    }

    /// <summary>Reference implementation.</summary>
    public static void AffineScalar(Span<float> y, ReadOnlySpan<float> a, int stride, ReadOnlySpan<float> x)
    {
        int n = x.Length;
        for (int j = 0; j < y.Length; j++)
        {
            float s = a[n * stride + j];
            for (int i = 0; i < n; i++) s = MathF.FusedMultiplyAdd(x[i], a[i * stride + j], s);
            y[j] = s;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AffineUnchecked(ref float y, int len, ref float a, int stride, ReadOnlySpan<float> x, SimdPath path = SimdPath.Auto)
    {
        if (path == SimdPath.Auto) path = SimdPaths.Best;
        int n = x.Length, j = 0;
        ref float constant = ref Unsafe.Add(ref a, n * stride);
        if (path == SimdPath.Vector512)
        {
            // four vectors at a time: four independent FMA chains hide the latency of each
            for (; j <= len - 64; j += 64)
            {
                var s0 = Vector512.LoadUnsafe(ref constant, (nuint)j); var s1 = Vector512.LoadUnsafe(ref constant, (nuint)(j + 16));
                var s2 = Vector512.LoadUnsafe(ref constant, (nuint)(j + 32)); var s3 = Vector512.LoadUnsafe(ref constant, (nuint)(j + 48));
                for (int i = 0; i < n; i++)
                {
                    var xi = Vector512.Create(x[i]);
                    ref float ai = ref Unsafe.Add(ref a, i * stride + j);
                    s0 = Vector512.FusedMultiplyAdd(xi, Vector512.LoadUnsafe(ref ai, 0), s0); s1 = Vector512.FusedMultiplyAdd(xi, Vector512.LoadUnsafe(ref ai, 16), s1);
                    s2 = Vector512.FusedMultiplyAdd(xi, Vector512.LoadUnsafe(ref ai, 32), s2); s3 = Vector512.FusedMultiplyAdd(xi, Vector512.LoadUnsafe(ref ai, 48), s3);
                }
                s0.StoreUnsafe(ref y, (nuint)j); s1.StoreUnsafe(ref y, (nuint)(j + 16)); s2.StoreUnsafe(ref y, (nuint)(j + 32)); s3.StoreUnsafe(ref y, (nuint)(j + 48));
            }
            for (; j <= len - 16; j += 16)
            {
                var s = Vector512.LoadUnsafe(ref constant, (nuint)j);
                for (int i = 0; i < n; i++) s = Vector512.FusedMultiplyAdd(Vector512.Create(x[i]), Vector512.LoadUnsafe(ref a, (nuint)(i * stride + j)), s);
                s.StoreUnsafe(ref y, (nuint)j);
            }
        }
        else if (path == SimdPath.Vector)
        {
            int w = Vector<float>.Count;
            for (; j <= len - 4 * w; j += 4 * w)
            {
                var s0 = Vector.LoadUnsafe(ref constant, (nuint)j); var s1 = Vector.LoadUnsafe(ref constant, (nuint)(j + w));
                var s2 = Vector.LoadUnsafe(ref constant, (nuint)(j + 2 * w)); var s3 = Vector.LoadUnsafe(ref constant, (nuint)(j + 3 * w));
                for (int i = 0; i < n; i++)
                {
                    var xi = new Vector<float>(x[i]);
                    ref float ai = ref Unsafe.Add(ref a, i * stride + j);
                    s0 = Vector.FusedMultiplyAdd(xi, Vector.LoadUnsafe(ref ai, 0), s0); s1 = Vector.FusedMultiplyAdd(xi, Vector.LoadUnsafe(ref ai, (nuint)w), s1);
                    s2 = Vector.FusedMultiplyAdd(xi, Vector.LoadUnsafe(ref ai, (nuint)(2 * w)), s2); s3 = Vector.FusedMultiplyAdd(xi, Vector.LoadUnsafe(ref ai, (nuint)(3 * w)), s3);
                }
                s0.StoreUnsafe(ref y, (nuint)j); s1.StoreUnsafe(ref y, (nuint)(j + w)); s2.StoreUnsafe(ref y, (nuint)(j + 2 * w)); s3.StoreUnsafe(ref y, (nuint)(j + 3 * w));
            }
            for (; j <= len - w; j += w)
            {
                var s = Vector.LoadUnsafe(ref constant, (nuint)j);
                for (int i = 0; i < n; i++) s = Vector.FusedMultiplyAdd(new Vector<float>(x[i]), Vector.LoadUnsafe(ref a, (nuint)(i * stride + j)), s);
                s.StoreUnsafe(ref y, (nuint)j);
            }
        }
        for (; j < len; j++)
        {
            float s = Unsafe.Add(ref constant, j);
            for (int i = 0; i < n; i++) s = MathF.FusedMultiplyAdd(x[i], Unsafe.Add(ref a, i * stride + j), s);
            Unsafe.Add(ref y, j) = s;
        }
    }
}
