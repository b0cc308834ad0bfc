// a·b + c for every kernel: fused (one rounding) where the CPU has a fused multiply-add instruction —
// x86 FMA3 (every AVX2 machine since 2013, so x86-64-v3 and up) and ARM64's AdvSimd — and a multiply
// then an add (two roundings) where it has none (an app published for x86-64-v2, which NativeAOT
// targets by default). .NET's FusedMultiplyAdd keeps its one-rounding promise on such a CPU by
// emulating it in software, lane by lane: measured 59× slower for a whole REIN-2 job. So results
// differ between a CPU with FMA and one without, as they already do between vector widths; on any
// one CPU every path (vector body, scalar remainder, scalar reference) rounds alike. The checkpoint's
// numeric path names which it was (SimdPaths.NumericPath: "FMA" / "no FMA").
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Rein2.Pure;

/// <summary>Multiply-add, fused where the hardware fuses it.</summary>
internal static class MulAdd
{
    /// <summary>True where a fused multiply-add is one instruction (then every <see cref="Of(float, float, float)"/> is fused).</summary>
    // Fma.IsSupported is a constant for the JIT and for a NativeAOT build whose target includes FMA
    // (x86-64-v3, the CLI's default), so the test below vanishes there. A NativeAOT build for a target
    // without it (x86-64-v2, 128-bit vectors) answers Fma.IsSupported by a call at run time, which in
    // a GEMM's inner loop cost more than the arithmetic (4.5 % of a forward pass in the getter alone,
    // and the calls blocked inlining); such a build has Vector<float>.Count 4 (a constant), so it
    // reads the answer once from a field instead. (Reading the field everywhere cost the x86-64-v3
    // build 25 %: there the constant must stay a constant.)
    public static bool IsFused
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector<float>.Count == 4 && !AdvSimd.IsSupported ? Probe.Fused : Fma.IsSupported || AdvSimd.IsSupported;
    }

    // in a class of its own, so that only the code that reads it carries its static-constructor check
    static class Probe
    {
        public static readonly bool Fused = Fma.IsSupported || AdvSimd.IsSupported;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Of(float a, float b, float c) => IsFused ? MathF.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Of(double a, double b, double c) => IsFused ? Math.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Of(Vector128<float> a, Vector128<float> b, Vector128<float> c) => IsFused ? Vector128.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Of(Vector256<float> a, Vector256<float> b, Vector256<float> c) => IsFused ? Vector256.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Of(Vector512<float> a, Vector512<float> b, Vector512<float> c) => IsFused ? Vector512.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Of(Vector<float> a, Vector<float> b, Vector<float> c) => IsFused ? Vector.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Of(Vector128<double> a, Vector128<double> b, Vector128<double> c) => IsFused ? Vector128.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Of(Vector256<double> a, Vector256<double> b, Vector256<double> c) => IsFused ? Vector256.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Of(Vector512<double> a, Vector512<double> b, Vector512<double> c) => IsFused ? Vector512.FusedMultiplyAdd(a, b, c) : a * b + c;
}
