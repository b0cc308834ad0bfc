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
        if (path == SimdPath.Vector512) i = TanhVectors<F16>(ref x, n, i);
        // 128-bit lanes only where 256 are not accelerated (x86-64-v2, ARM64), so the wider paths'
        // remainders — and so their results — stay as they were
        if (path != SimdPath.Scalar && Vector256.IsHardwareAccelerated) i = TanhVectors<F8>(ref x, n, i);
        else if (path != SimdPath.Scalar && Vector128.IsHardwareAccelerated) i = TanhVectors<F4>(ref x, n, i);
        for (; i < n; i++) { ref float v = ref Unsafe.Add(ref x, i); v = MathF.Tanh(v); }
    }

    // the vector body, once for every width: x[i..] in whole packs, returning where it stopped
    internal static int TanhVectors<TV>(ref float x, int n, int i) where TV : struct, IFloatLanes<TV>
    {
        for (; i <= n - TV.Count; i += TV.Count) TanhLanes(TV.Load(ref Unsafe.Add(ref x, i))).Store(ref Unsafe.Add(ref x, i));
        return i;
    }

    // Cody–Waite split of ln 2 (the high part has 9 significant bits, so k·Ln2Hi is exact for |k| ≤ 2^15)
    const float Ln2Hi = 0.693359375f, Ln2Lo = -2.12194440e-4f, Log2E = 1.44269504088896341f, ExpMin = -87f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV ExpNonPositive<TV>(TV y) where TV : struct, IFloatLanes<TV>
    {
        y = TV.Max(y, TV.Splat(ExpMin)); // e^-87 ≈ 1.6e-38: still a normal float
        var k = TV.Round(y * TV.Splat(Log2E));
        var r = TV.Fma(k, TV.Splat(-Ln2Hi), y);
        r = TV.Fma(k, TV.Splat(-Ln2Lo), r);
        var p = TV.Fma(r, TV.Splat(1f / 5040f), TV.Splat(1f / 720f));
        p = TV.Fma(r, p, TV.Splat(1f / 120f));
        p = TV.Fma(r, p, TV.Splat(1f / 24f));
        p = TV.Fma(r, p, TV.Splat(1f / 6f));
        p = TV.Fma(r, p, TV.Splat(0.5f));
        p = TV.Fma(r, p, TV.Splat(1f));
        p = TV.Fma(r, p, TV.Splat(1f));
        return p * TV.Pow2(k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV TanhLanes<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        var ax = TV.Abs(x);
        var t = ExpNonPositive(ax * TV.Splat(-2f));
        var one = TV.Splat(1f);
        var big = (one - t) / (one + t);
        var x2 = x * x;
        var poly = TV.Fma(x2, TV.Splat(TanhC7), TV.Splat(TanhC5));
        poly = TV.Fma(x2, poly, TV.Splat(TanhC3));
        var small = TV.Fma(x * x2, poly, x); // x + x³(c3 + x²(c5 + x²c7))
        return TV.SelectLess(ax, TV.Splat(TanhSeriesLimit), small, TV.CopySign(big, x));
    }
}
