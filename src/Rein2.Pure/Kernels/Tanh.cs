// y[i] = tanh(x[i]) in float32, vectorised. For |x| ≥ 1/16: tanh|x| = (1 − t)/(1 + t) with
// t = exp(−2|x|) (≤ ~10 ulp: 1 − t loses at most log2(1/(1 − e^{−1/8})) ≈ 3 bits); below 1/16 the
// odd Taylor series to x⁷ (truncation < 4e-13 relative), which avoids the cancellation in 1 − t.
// The sign is copied back from x. TanhScalar (MathF.Tanh) is the reference.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rein2.Pure;

public static partial class Kernels
{
    const float TanhSeriesLimit = 0.0625f;
    const float TanhC3 = -1f / 3f, TanhC5 = 2f / 15f, TanhC7 = -17f / 315f;

    /// <summary>x[i] ← tanh(x[i]) (SIMD).</summary>
    public static void Tanh(Span<float> x) => TanhUnchecked(ref MemoryMarshal.GetReference(x), x.Length);

    /// <summary>Reference implementation (MathF.Tanh).</summary>
    public static void TanhScalar(Span<float> x)
    {
        for (int i = 0; i < x.Length; i++) x[i] = MathF.Tanh(x[i]);
    }

    internal static void TanhUnchecked(ref float x, int n, SimdPath path = SimdPath.Auto)
    {
        if (path == SimdPath.Auto) path = SimdPaths.Best;
        int i = 0;
        if (path == SimdPath.Vector512)
            for (; i <= n - 16; i += 16) Tanh512(Vector512.LoadUnsafe(ref x, (nuint)i)).StoreUnsafe(ref x, (nuint)i);
        if (path != SimdPath.Scalar && Vector256.IsHardwareAccelerated)
            for (; i <= n - 8; i += 8) Tanh256(Vector256.LoadUnsafe(ref x, (nuint)i)).StoreUnsafe(ref x, (nuint)i);
        for (; i < n; i++) { ref float v = ref Unsafe.Add(ref x, i); v = MathF.Tanh(v); }
    }

    static Vector512<float> Tanh512(Vector512<float> x)
    {
        var ax = Vector512.Abs(x);
        var t = Vector512.Exp(ax * -2f);
        var big = (Vector512<float>.One - t) / (Vector512<float>.One + t);
        var x2 = x * x;
        var poly = Vector512.FusedMultiplyAdd(x2, Vector512.Create(TanhC7), Vector512.Create(TanhC5));
        poly = Vector512.FusedMultiplyAdd(x2, poly, Vector512.Create(TanhC3));
        var small = Vector512.FusedMultiplyAdd(x * x2, poly, x); // x + x³(c3 + x²(c5 + x²c7))
        var signed = Vector512.CopySign(big, x);
        return Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(TanhSeriesLimit)), small, signed);
    }

    static Vector256<float> Tanh256(Vector256<float> x)
    {
        var ax = Vector256.Abs(x);
        var t = Vector256.Exp(ax * -2f);
        var big = (Vector256<float>.One - t) / (Vector256<float>.One + t);
        var x2 = x * x;
        var poly = Vector256.FusedMultiplyAdd(x2, Vector256.Create(TanhC7), Vector256.Create(TanhC5));
        poly = Vector256.FusedMultiplyAdd(x2, poly, Vector256.Create(TanhC3));
        var small = Vector256.FusedMultiplyAdd(x * x2, poly, x);
        var signed = Vector256.CopySign(big, x);
        return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(TanhSeriesLimit)), small, signed);
    }
}
