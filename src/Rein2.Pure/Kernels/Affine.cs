// y[j] = a[n, j] + Σ_{i<n} x[i]·a[i, j] — an affine map of a short input through the rows of an
// (n+1) × len matrix (row n is the constant term): REIN-2's second-layer pre-activation once the
// first layer's active set is folded into a (Meta/Greedy/IncrementalGreedy.cs). The sum for each j runs in
// the order constant, x[0]·a[0, j], x[1]·a[1, j], … with one FMA per term on every path, so the
// vector paths equal AffineScalar exactly. Written once over the lane width (Kernels/FloatLanes.cs):
// Vector512 → Vector256/128 → scalar remainder.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rein2.Pure;

internal static partial class Kernels
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
            for (int i = 0; i < n; i++) s = MulAdd.Of(x[i], a[i * stride + j], s);
            y[j] = s;
        }
    }

    internal static void AffineUnchecked(ref float y, int len, ref float a, int stride, ReadOnlySpan<float> x, SimdPath path = SimdPath.Auto)
    {
        if (path == SimdPath.Auto) path = SimdPaths.Best;
        int j = path == SimdPath.Vector512 ? AffineVectors<F16>(ref y, len, ref a, stride, x)
              : path == SimdPath.Vector && Vector256.IsHardwareAccelerated ? AffineVectors<F8>(ref y, len, ref a, stride, x)
              : path == SimdPath.Vector && Vector128.IsHardwareAccelerated ? AffineVectors<F4>(ref y, len, ref a, stride, x)
              : 0;
        ref float constant = ref Unsafe.Add(ref a, x.Length * stride);
        for (; j < len; j++)
        {
            float s = Unsafe.Add(ref constant, j);
            for (int i = 0; i < x.Length; i++) s = MulAdd.Of(x[i], Unsafe.Add(ref a, i * stride + j), s);
            Unsafe.Add(ref y, j) = s;
        }
    }

    // The leading columns a whole number of vectors covers, four vectors at a time where it can
    // (four independent FMA chains hide each one's latency); returns how many it did.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int AffineVectors<TV>(ref float y, int len, ref float a, int stride, ReadOnlySpan<float> x) where TV : struct, IFloatLanes<TV>
    {
        int n = x.Length, w = TV.Count, j = 0;
        ref float constant = ref Unsafe.Add(ref a, n * stride);
        for (; j <= len - 4 * w; j += 4 * w)
        {
            ref float cj = ref Unsafe.Add(ref constant, j);
            TV s0 = TV.Load(ref cj), s1 = TV.Load(ref Unsafe.Add(ref cj, w)), s2 = TV.Load(ref Unsafe.Add(ref cj, 2 * w)), s3 = TV.Load(ref Unsafe.Add(ref cj, 3 * w));
            for (int i = 0; i < n; i++)
            {
                var xi = TV.Splat(x[i]);
                ref float ai = ref Unsafe.Add(ref a, i * stride + j);
                s0 = TV.Fma(xi, TV.Load(ref ai), s0); s1 = TV.Fma(xi, TV.Load(ref Unsafe.Add(ref ai, w)), s1);
                s2 = TV.Fma(xi, TV.Load(ref Unsafe.Add(ref ai, 2 * w)), s2); s3 = TV.Fma(xi, TV.Load(ref Unsafe.Add(ref ai, 3 * w)), s3);
            }
            ref float yj = ref Unsafe.Add(ref y, j);
            s0.Store(ref yj); s1.Store(ref Unsafe.Add(ref yj, w)); s2.Store(ref Unsafe.Add(ref yj, 2 * w)); s3.Store(ref Unsafe.Add(ref yj, 3 * w));
        }
        for (; j <= len - w; j += w)
        {
            var s = TV.Load(ref Unsafe.Add(ref constant, j));
            for (int i = 0; i < n; i++) s = TV.Fma(TV.Splat(x[i]), TV.Load(ref Unsafe.Add(ref a, i * stride + j)), s);
            s.Store(ref Unsafe.Add(ref y, j));
        }
        return j;
    }
}
