// Which vector width a kernel runs with. Auto picks the widest the hardware accelerates; tests force
// each narrower path so every width is compared with the scalar reference on one machine.
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Rein2.Pure;

/// <summary>The SIMD width a kernel uses.</summary>
public enum SimdPath
{
    /// <summary>The widest accelerated path.</summary>
    Auto,
    /// <summary>Explicit 512-bit vectors (AVX-512).</summary>
    Vector512,
    /// <summary><see cref="Vector{T}"/>: 256-bit with AVX2, 128-bit on baseline x64/Arm64.</summary>
    Vector,
    /// <summary>No SIMD.</summary>
    Scalar,
}

/// <summary>What this process runs with.</summary>
public static class SimdPaths
{
    /// <summary>The path <see cref="SimdPath.Auto"/> resolves to here.</summary>
    // Computed, not stored: both the JIT and NativeAOT fold it to a constant, while a static field
    // would cost a load (and, under AOT, a class-initialisation check) on every kernel call.
    public static SimdPath Best =>
        Vector512.IsHardwareAccelerated ? SimdPath.Vector512 :
        Vector.IsHardwareAccelerated ? SimdPath.Vector : SimdPath.Scalar;

    /// <summary>
    /// What decides the exact float results here: the kernels' widest vector, Vector&lt;float&gt;'s width
    /// and whether multiply-adds are fused, e.g. "Vector512, Vector&lt;float&gt; 8, FMA". Two machines with
    /// the same numeric path give bit-identical runs; checkpoints record it and a resume on another is
    /// refused unless asked for (the sums are then rounded differently and the run differs).
    /// </summary>
    public static string NumericPath =>
        $"{Best}, Vector<float> {Vector<float>.Count}, {(MulAdd.IsFused ? "FMA" : "no FMA")}";

    /// <summary>A one-line description, e.g. "Vector512 (16 floats), Vector&lt;float&gt; 8, FMA yes".</summary>
    public static string Describe() =>
        $"{Best} path; Vector512 {(Vector512.IsHardwareAccelerated ? "yes" : "no")}, " +
        $"Vector256 {(Vector256.IsHardwareAccelerated ? "yes" : "no")}, Vector<float>.Count {Vector<float>.Count}, " +
        $"FMA {(MulAdd.IsFused ? "yes" : "no")}";
}
