// y[i] = tanh(x[i]) in float32, vectorised. For |x| ≥ 1/16: tanh|x| = (1 − t)/(1 + t) with
// t = exp(−2|x|) (≤ ~10 ulp: 1 − t loses at most log2(1/(1 − e^{−1/8})) ≈ 3 bits); below 1/16 the
// odd Taylor series to x⁷ (truncation < 4e-13 relative), which avoids the cancellation in 1 − t.
// The sign is copied back from x. TanhScalar (MathF.Tanh) is the reference.
// exp(−2|x|) is our own (ExpNonPositive): the argument is never positive, so a Cody–Waite reduction
// y = k·ln2 + r, |r| ≤ ln2/2, a degree-7 Taylor polynomial for e^r (truncation < 6e-9 relative) and
// 2^k built in the exponent bits cover it without the special cases of a general float exp —
// .NET's Vector512.Exp made tanh a quarter of a PPO CartPole run.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rein2.Pure;

internal static partial class Kernels
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

    // Cody–Waite split of ln 2 (the high part has 9 significant bits, so k·Ln2Hi is exact for |k| ≤ 2^15)
    const float Ln2Hi = 0.693359375f, Ln2Lo = -2.12194440e-4f, Log2E = 1.44269504088896341f, ExpMin = -87f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> ExpNonPositive512(Vector512<float> y)
    {
        y = Vector512.Max(y, Vector512.Create(ExpMin)); // e^-87 ≈ 1.6e-38: still a normal float
        var k = Vector512.Round(y * Log2E);
        var r = MulAdd.Of(k, Vector512.Create(-Ln2Hi), y);
        r = MulAdd.Of(k, Vector512.Create(-Ln2Lo), r);
        var p = MulAdd.Of(r, Vector512.Create(1f / 5040f), Vector512.Create(1f / 720f));
        p = MulAdd.Of(r, p, Vector512.Create(1f / 120f));
        p = MulAdd.Of(r, p, Vector512.Create(1f / 24f));
        p = MulAdd.Of(r, p, Vector512.Create(1f / 6f));
        p = MulAdd.Of(r, p, Vector512.Create(0.5f));
        p = MulAdd.Of(r, p, Vector512<float>.One);
        p = MulAdd.Of(r, p, Vector512<float>.One);
        var scale = Vector512.ShiftLeft(Vector512.ConvertToInt32(k) + Vector512.Create(127), 23).AsSingle(); // 2^k
        return p * scale;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> ExpNonPositive256(Vector256<float> y)
    {
        y = Vector256.Max(y, Vector256.Create(ExpMin));
        var k = Vector256.Round(y * Log2E);
        var r = MulAdd.Of(k, Vector256.Create(-Ln2Hi), y);
        r = MulAdd.Of(k, Vector256.Create(-Ln2Lo), r);
        var p = MulAdd.Of(r, Vector256.Create(1f / 5040f), Vector256.Create(1f / 720f));
        p = MulAdd.Of(r, p, Vector256.Create(1f / 120f));
        p = MulAdd.Of(r, p, Vector256.Create(1f / 24f));
        p = MulAdd.Of(r, p, Vector256.Create(1f / 6f));
        p = MulAdd.Of(r, p, Vector256.Create(0.5f));
        p = MulAdd.Of(r, p, Vector256<float>.One);
        p = MulAdd.Of(r, p, Vector256<float>.One);
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32(k) + Vector256.Create(127), 23).AsSingle();
        return p * scale;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Tanh512(Vector512<float> x)
    {
        var ax = Vector512.Abs(x);
        var t = ExpNonPositive512(ax * -2f);
        var big = (Vector512<float>.One - t) / (Vector512<float>.One + t);
        var x2 = x * x;
        var poly = MulAdd.Of(x2, Vector512.Create(TanhC7), Vector512.Create(TanhC5));
        poly = MulAdd.Of(x2, poly, Vector512.Create(TanhC3));
        var small = MulAdd.Of(x * x2, poly, x); // x + x³(c3 + x²(c5 + x²c7))
        var signed = Vector512.CopySign(big, x);
        return Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(TanhSeriesLimit)), small, signed);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Tanh256(Vector256<float> x)
    {
        var ax = Vector256.Abs(x);
        var t = ExpNonPositive256(ax * -2f);
        var big = (Vector256<float>.One - t) / (Vector256<float>.One + t);
        var x2 = x * x;
        var poly = MulAdd.Of(x2, Vector256.Create(TanhC7), Vector256.Create(TanhC5));
        poly = MulAdd.Of(x2, poly, Vector256.Create(TanhC3));
        var small = MulAdd.Of(x * x2, poly, x);
        var signed = Vector256.CopySign(big, x);
        return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(TanhSeriesLimit)), small, signed);
    }
}
