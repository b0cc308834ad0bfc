// A fixed-width pack of float64 lanes for the batched physics, written once as generic code and
// compiled per width: Lanes8 (Vector512, AVX-512) and Lanes4 (Vector256, AVX2 — the portable
// NativeAOT binary's width). The structs are thin wrappers, so the JIT and NativeAOT specialise the
// generic step for each and inline everything: no interface calls at run time.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Rein2.Pure.Envs;

/// <summary>Arithmetic on a pack of float64 lanes (the operations the batched physics needs).</summary>
internal interface IDoubleLanes<TSelf> where TSelf : struct, IDoubleLanes<TSelf>
{
    /// <summary>Lanes per pack.</summary>
    static abstract int Count { get; }
    /// <summary>Whether this width runs in hardware here.</summary>
    static abstract bool IsAccelerated { get; }
    /// <summary>Loads Count values from <paramref name="a"/> at <paramref name="i"/>.</summary>
    static abstract TSelf Load(double[] a, int i);
    /// <summary>Every lane set to <paramref name="x"/>.</summary>
    static abstract TSelf Splat(double x);
    /// <summary>Count integers from <paramref name="a"/> at <paramref name="i"/>, converted exactly.</summary>
    static abstract TSelf FromInts(ReadOnlySpan<int> a, int i);
    /// <summary>Stores the lanes into <paramref name="a"/> at <paramref name="i"/>.</summary>
    void Store(double[] a, int i);
    /// <summary>Vectorised sin and cos (last-bit differences from libm).</summary>
    static abstract (TSelf Sin, TSelf Cos) SinCos(TSelf x);
    /// <summary>Bit k set where lane k lies outside [−limit, limit].</summary>
    static abstract uint Outside(TSelf x, double limit);
    /// <summary>a·b + c with one rounding.</summary>
    static abstract TSelf Fma(TSelf a, TSelf b, TSelf c);
    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf operator +(TSelf a, TSelf b);
    /// <summary>Lane-wise difference.</summary>
    static abstract TSelf operator -(TSelf a, TSelf b);
    /// <summary>Lane-wise product.</summary>
    static abstract TSelf operator *(TSelf a, TSelf b);
    /// <summary>Lane-wise quotient.</summary>
    static abstract TSelf operator /(TSelf a, TSelf b);
}

/// <summary>Eight lanes in a Vector512.</summary>
internal readonly struct Lanes8(Vector512<double> v) : IDoubleLanes<Lanes8>
{
    readonly Vector512<double> _v = v;
    /// <inheritdoc/>
    public static int Count => 8;
    /// <inheritdoc/>
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 Load(double[] a, int i) => new(Vector512.Create(a.AsSpan(i, 8)));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 Splat(double x) => new(Vector512.Create(x));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes8 FromInts(ReadOnlySpan<int> a, int i)
    {
        var (lo, hi) = Vector256.Widen(Vector256.Create(a.Slice(i, 8)));
        return new(Vector512.ConvertToDouble(Vector512.Create(lo, hi)));
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Store(double[] a, int i) => _v.CopyTo(a.AsSpan(i, 8));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static (Lanes8 Sin, Lanes8 Cos) SinCos(Lanes8 x) { var (s, c) = Vector512.SinCos(x._v); return (new(s), new(c)); }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Outside(Lanes8 x, double limit) =>
        (uint)(Vector512.LessThan(x._v, Vector512.Create(-limit)) | Vector512.GreaterThan(x._v, Vector512.Create(limit))).ExtractMostSignificantBits();
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 Fma(Lanes8 a, Lanes8 b, Lanes8 c) => new(MulAdd.Of(a._v, b._v, c._v));
    /// <inheritdoc/>
    public static Lanes8 operator +(Lanes8 a, Lanes8 b) => new(a._v + b._v);
    /// <inheritdoc/>
    public static Lanes8 operator -(Lanes8 a, Lanes8 b) => new(a._v - b._v);
    /// <inheritdoc/>
    public static Lanes8 operator *(Lanes8 a, Lanes8 b) => new(a._v * b._v);
    /// <inheritdoc/>
    public static Lanes8 operator /(Lanes8 a, Lanes8 b) => new(a._v / b._v);
}

/// <summary>Four lanes in a Vector256.</summary>
internal readonly struct Lanes4(Vector256<double> v) : IDoubleLanes<Lanes4>
{
    readonly Vector256<double> _v = v;
    /// <inheritdoc/>
    public static int Count => 4;
    /// <inheritdoc/>
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 Load(double[] a, int i) => new(Vector256.Create(a.AsSpan(i, 4)));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 Splat(double x) => new(Vector256.Create(x));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes4 FromInts(ReadOnlySpan<int> a, int i)
    {
        var (lo, hi) = Vector128.Widen(Vector128.Create(a.Slice(i, 4)));
        return new(Vector256.ConvertToDouble(Vector256.Create(lo, hi)));
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Store(double[] a, int i) => _v.CopyTo(a.AsSpan(i, 4));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static (Lanes4 Sin, Lanes4 Cos) SinCos(Lanes4 x) { var (s, c) = Vector256.SinCos(x._v); return (new(s), new(c)); }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Outside(Lanes4 x, double limit) =>
        (Vector256.LessThan(x._v, Vector256.Create(-limit)) | Vector256.GreaterThan(x._v, Vector256.Create(limit))).ExtractMostSignificantBits();
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 Fma(Lanes4 a, Lanes4 b, Lanes4 c) => new(MulAdd.Of(a._v, b._v, c._v));
    /// <inheritdoc/>
    public static Lanes4 operator +(Lanes4 a, Lanes4 b) => new(a._v + b._v);
    /// <inheritdoc/>
    public static Lanes4 operator -(Lanes4 a, Lanes4 b) => new(a._v - b._v);
    /// <inheritdoc/>
    public static Lanes4 operator *(Lanes4 a, Lanes4 b) => new(a._v * b._v);
    /// <inheritdoc/>
    public static Lanes4 operator /(Lanes4 a, Lanes4 b) => new(a._v / b._v);
}

/// <summary>Operations built from the lane primitives.</summary>
internal static class DoubleLanes
{
    /// <summary>Largest |x| for which <see cref="SinCosSmall"/> is accurate to about 1 ulp.</summary>
    public const double SmallAngle = 0.25;

    /// <summary>
    /// sin and cos for |x| ≤ <see cref="SmallAngle"/> by their Taylor series through x¹³ and x¹⁴ (the
    /// next terms are below 1e-21 there), Horner in x² with FMAs: no range reduction, a fraction of a
    /// general SinCos's cost. CartPole's angle never leaves ±12° (0.21 rad) before its episode ends.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (T Sin, T Cos) SinCosSmall<T>(T x) where T : struct, IDoubleLanes<T>
    {
        var x2 = x * x;
        // sin x = x + x·x²·(−1/3! + x²/5! − x⁴/7! + x⁶/9! − x⁸/11! + x¹⁰/13!)
        var s = T.Fma(x2, T.Splat(1.0 / 6227020800.0), T.Splat(-1.0 / 39916800.0));
        s = T.Fma(s, x2, T.Splat(1.0 / 362880.0));
        s = T.Fma(s, x2, T.Splat(-1.0 / 5040.0));
        s = T.Fma(s, x2, T.Splat(1.0 / 120.0));
        s = T.Fma(s, x2, T.Splat(-1.0 / 6.0));
        s = T.Fma(s * x2, x, x);
        // cos x = 1 − x²/2! + x⁴/4! − x⁶/6! + x⁸/8! − x¹⁰/10! + x¹²/12! − x¹⁴/14!
        var c = T.Fma(x2, T.Splat(-1.0 / 87178291200.0), T.Splat(1.0 / 479001600.0));
        c = T.Fma(c, x2, T.Splat(-1.0 / 3628800.0));
        c = T.Fma(c, x2, T.Splat(1.0 / 40320.0));
        c = T.Fma(c, x2, T.Splat(-1.0 / 720.0));
        c = T.Fma(c, x2, T.Splat(1.0 / 24.0));
        c = T.Fma(c, x2, T.Splat(-0.5));
        c = T.Fma(c, x2, T.Splat(1.0));
        return (s, c);
    }
}
