// A fixed-width pack of float32 lanes, so a kernel is written once as generic code and compiled per
// width: F16 (Vector512, AVX-512), F8 (Vector256, AVX2 — the portable NativeAOT binary's width) and
// F4 (Vector128, SSE/NEON). The structs are thin wrappers over the BCL vectors; the JIT and
// NativeAOT specialise a generic method for each struct and inline every call, so there is no
// interface dispatch at run time. (The float32 counterpart of Envs/DoubleLanes.cs.)
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Rein2.Pure;

/// <summary>Arithmetic on a pack of float32 lanes.</summary>
internal interface IFloatLanes<TSelf> where TSelf : struct, IFloatLanes<TSelf>
{
    /// <summary>Lanes per pack.</summary>
    static abstract int Count { get; }
    /// <summary>Whether this width runs in hardware here.</summary>
    static abstract bool IsAccelerated { get; }
    /// <summary>Loads Count floats at <paramref name="at"/>.</summary>
    static abstract TSelf Load(ref float at);
    /// <summary>Every lane set to <paramref name="x"/>.</summary>
    static abstract TSelf Splat(float x);
    /// <summary>Stores the lanes at <paramref name="at"/>.</summary>
    void Store(ref float at);
    /// <summary>a·b + c with one rounding.</summary>
    static abstract TSelf Fma(TSelf a, TSelf b, TSelf c);
    /// <summary>max(x, 0) lane-wise.</summary>
    static abstract TSelf Relu(TSelf x);
    /// <summary>|x| lane-wise.</summary>
    static abstract TSelf Abs(TSelf x);
    /// <summary>Sum of the lanes.</summary>
    static abstract float Sum(TSelf x);
    /// <summary>Bit k set where lane k is &gt; 0.</summary>
    static abstract ulong PositiveBits(TSelf x);
    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf operator +(TSelf a, TSelf b);
    /// <summary>Lane-wise difference.</summary>
    static abstract TSelf operator -(TSelf a, TSelf b);
    /// <summary>Lane-wise product (one rounding; never contracted with an add).</summary>
    static abstract TSelf operator *(TSelf a, TSelf b);
    /// <summary>Lane-wise quotient.</summary>
    static abstract TSelf operator /(TSelf a, TSelf b);
    /// <summary>Lane-wise square root.</summary>
    static abstract TSelf Sqrt(TSelf x);
    /// <summary>Lane-wise maximum.</summary>
    static abstract TSelf Max(TSelf a, TSelf b);
    /// <summary>Each lane rounded to the nearest integer (ties to even).</summary>
    static abstract TSelf Round(TSelf x);
    /// <summary>2^k for lanes holding whole numbers k in [−126, 127], built in the exponent bits.</summary>
    static abstract TSelf Pow2(TSelf k);
    /// <summary>|magnitude| with the sign of <paramref name="sign"/>, lane-wise.</summary>
    static abstract TSelf CopySign(TSelf magnitude, TSelf sign);
    /// <summary>Lane-wise: <paramref name="ifLess"/> where x &lt; limit, else <paramref name="otherwise"/>.</summary>
    static abstract TSelf SelectLess(TSelf x, TSelf limit, TSelf ifLess, TSelf otherwise);
}

/// <summary>Sixteen lanes in a Vector512.</summary>
internal readonly struct F16(Vector512<float> v) : IFloatLanes<F16>
{
    readonly Vector512<float> _v = v;
    /// <inheritdoc/>
    public static int Count => 16;
    /// <inheritdoc/>
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 Load(ref float at) => new(Vector512.LoadUnsafe(ref at));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 Splat(float x) => new(Vector512.Create(x));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Store(ref float at) => _v.StoreUnsafe(ref at);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 Fma(F16 a, F16 b, F16 c) => new(MulAdd.Of(a._v, b._v, c._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 Relu(F16 x) => new(Vector512.Max(x._v, Vector512<float>.Zero));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 Abs(F16 x) => new(Vector512.Abs(x._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(F16 x) => Vector512.Sum(x._v);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong PositiveBits(F16 x) => Vector512.GreaterThan(x._v, Vector512<float>.Zero).ExtractMostSignificantBits();
    /// <inheritdoc/>
    public static F16 operator +(F16 a, F16 b) => new(a._v + b._v);
    /// <inheritdoc/>
    public static F16 operator -(F16 a, F16 b) => new(a._v - b._v);
    /// <inheritdoc/>
    public static F16 operator *(F16 a, F16 b) => new(a._v * b._v);
    /// <inheritdoc/>
    public static F16 operator /(F16 a, F16 b) => new(a._v / b._v);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 Sqrt(F16 x) => new(Vector512.Sqrt(x._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 Max(F16 a, F16 b) => new(Vector512.Max(a._v, b._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 Round(F16 x) => new(Vector512.Round(x._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 Pow2(F16 k) => new(Vector512.ShiftLeft(Vector512.ConvertToInt32(k._v) + Vector512.Create(127), 23).AsSingle());
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 CopySign(F16 magnitude, F16 sign) => new(Vector512.CopySign(magnitude._v, sign._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 SelectLess(F16 x, F16 limit, F16 ifLess, F16 otherwise) =>
        new(Vector512.ConditionalSelect(Vector512.LessThan(x._v, limit._v), ifLess._v, otherwise._v));
}

/// <summary>Eight lanes in a Vector256.</summary>
internal readonly struct F8(Vector256<float> v) : IFloatLanes<F8>
{
    readonly Vector256<float> _v = v;
    /// <inheritdoc/>
    public static int Count => 8;
    /// <inheritdoc/>
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F8 Load(ref float at) => new(Vector256.LoadUnsafe(ref at));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F8 Splat(float x) => new(Vector256.Create(x));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Store(ref float at) => _v.StoreUnsafe(ref at);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F8 Fma(F8 a, F8 b, F8 c) => new(MulAdd.Of(a._v, b._v, c._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F8 Relu(F8 x) => new(Vector256.Max(x._v, Vector256<float>.Zero));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F8 Abs(F8 x) => new(Vector256.Abs(x._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(F8 x) => Vector256.Sum(x._v);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong PositiveBits(F8 x) => Vector256.GreaterThan(x._v, Vector256<float>.Zero).ExtractMostSignificantBits();
    /// <inheritdoc/>
    public static F8 operator +(F8 a, F8 b) => new(a._v + b._v);
    /// <inheritdoc/>
    public static F8 operator -(F8 a, F8 b) => new(a._v - b._v);
    /// <inheritdoc/>
    public static F8 operator *(F8 a, F8 b) => new(a._v * b._v);
    /// <inheritdoc/>
    public static F8 operator /(F8 a, F8 b) => new(a._v / b._v);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F8 Sqrt(F8 x) => new(Vector256.Sqrt(x._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F8 Max(F8 a, F8 b) => new(Vector256.Max(a._v, b._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F8 Round(F8 x) => new(Vector256.Round(x._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F8 Pow2(F8 k) => new(Vector256.ShiftLeft(Vector256.ConvertToInt32(k._v) + Vector256.Create(127), 23).AsSingle());
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F8 CopySign(F8 magnitude, F8 sign) => new(Vector256.CopySign(magnitude._v, sign._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F8 SelectLess(F8 x, F8 limit, F8 ifLess, F8 otherwise) =>
        new(Vector256.ConditionalSelect(Vector256.LessThan(x._v, limit._v), ifLess._v, otherwise._v));
}

/// <summary>Four lanes in a Vector128.</summary>
internal readonly struct F4(Vector128<float> v) : IFloatLanes<F4>
{
    readonly Vector128<float> _v = v;
    /// <inheritdoc/>
    public static int Count => 4;
    /// <inheritdoc/>
    public static bool IsAccelerated => Vector128.IsHardwareAccelerated;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F4 Load(ref float at) => new(Vector128.LoadUnsafe(ref at));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F4 Splat(float x) => new(Vector128.Create(x));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Store(ref float at) => _v.StoreUnsafe(ref at);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F4 Fma(F4 a, F4 b, F4 c) => new(MulAdd.Of(a._v, b._v, c._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F4 Relu(F4 x) => new(Vector128.Max(x._v, Vector128<float>.Zero));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F4 Abs(F4 x) => new(Vector128.Abs(x._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(F4 x) => Vector128.Sum(x._v);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong PositiveBits(F4 x) => Vector128.GreaterThan(x._v, Vector128<float>.Zero).ExtractMostSignificantBits();
    /// <inheritdoc/>
    public static F4 operator +(F4 a, F4 b) => new(a._v + b._v);
    /// <inheritdoc/>
    public static F4 operator -(F4 a, F4 b) => new(a._v - b._v);
    /// <inheritdoc/>
    public static F4 operator *(F4 a, F4 b) => new(a._v * b._v);
    /// <inheritdoc/>
    public static F4 operator /(F4 a, F4 b) => new(a._v / b._v);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F4 Sqrt(F4 x) => new(Vector128.Sqrt(x._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F4 Max(F4 a, F4 b) => new(Vector128.Max(a._v, b._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F4 Round(F4 x) => new(Vector128.Round(x._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F4 Pow2(F4 k) => new(Vector128.ShiftLeft(Vector128.ConvertToInt32(k._v) + Vector128.Create(127), 23).AsSingle());
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F4 CopySign(F4 magnitude, F4 sign) => new(Vector128.CopySign(magnitude._v, sign._v));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F4 SelectLess(F4 x, F4 limit, F4 ifLess, F4 otherwise) =>
        new(Vector128.ConditionalSelect(Vector128.LessThan(x._v, limit._v), ifLess._v, otherwise._v));
}
