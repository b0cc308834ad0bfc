// y[i] += a·x[i]. Used for bias/gradient accumulation and as the simplest SIMD example.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rein2.Pure;

/// <summary>SIMD numeric kernels, each with a scalar reference beside it.</summary>
internal static partial class Kernels
{
    /// <summary>y[i] += a·x[i] (SIMD).</summary>
    public static void Axpy(Span<float> y, float a, ReadOnlySpan<float> x)
    {
        ThrowHelper.RequireSameLength(y.Length, x.Length, nameof(y), nameof(x));
        AxpyUnchecked(ref MemoryMarshal.GetReference(y), a, ref MemoryMarshal.GetReference(x), x.Length);
    }

    /// <summary>Reference implementation.</summary>
    public static void AxpyScalar(Span<float> y, float a, ReadOnlySpan<float> x)
    {
        ThrowHelper.RequireSameLength(y.Length, x.Length, nameof(y), nameof(x));
        for (int i = 0; i < x.Length; i++) y[i] = MulAdd.Of(a, x[i], y[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AxpyUnchecked(ref float y, float a, ref float x, int n, SimdPath path = SimdPath.Auto)
    {
        if (path == SimdPath.Auto) path = SimdPaths.Best;
        int i = 0;
        if (path == SimdPath.Vector512)
        {
            var va = Vector512.Create(a);
            for (; i <= n - 16; i += 16)
                MulAdd.Of(va, Vector512.LoadUnsafe(ref x, (nuint)i), Vector512.LoadUnsafe(ref y, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
        }
        if (path != SimdPath.Scalar)
        {
            var va = new Vector<float>(a);
            int w = Vector<float>.Count;
            for (; i <= n - w; i += w)
                MulAdd.Of(va, Vector.LoadUnsafe(ref x, (nuint)i), Vector.LoadUnsafe(ref y, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref y, i) = MulAdd.Of(a, Unsafe.Add(ref x, i), Unsafe.Add(ref y, i));
    }
}
