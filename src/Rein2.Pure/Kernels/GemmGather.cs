// C[m, n] += Σ_k A[m, k]·B[rows[k], n] — a GEMM whose B rows are picked by an index list, read in
// place (no gathered copy). REIN-2's incremental inner evaluation (Meta/Greedy/IncrementalGreedy.cs) uses it
// to add the rank-1 terms of the first-layer units that switched: A holds their ±(W1[j,:], b1_j),
// the rows are the switched units' rows of W2ᵀ. Register tiles as in Gemm.cs — 4 rows × 4 vectors
// (16 accumulators), 1 row × 8 and 1 row × 4 vectors, written once over the lane width
// (Kernels/FloatLanes.cs) — so C is loaded and stored once per call, however many rows are added.
// Each C(m, n) is one FMA chain over k on every path, so all paths equal GemmGatherScalar exactly.
// Vector512 → Vector256/128 → scalar columns.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rein2.Pure;

internal static partial class Kernels
{
    /// <summary>
    /// C[m·ldc + n] += Σ_k A[m·lda + k]·B[rows[k]·ldb + n] for m &lt; M, n &lt; N, k &lt; rows.Length.
    /// </summary>
    public static void GemmGather(Span<float> c, int ldc, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
                                  ReadOnlySpan<int> rows, int M, int N)
    {
        ThrowHelper.RequireNonNegative(M, nameof(M)); ThrowHelper.RequireNonNegative(N, nameof(N));
        int K = rows.Length;
        if (M == 0 || N == 0 || K == 0) return;
        if (ldc < N || ldb < N || lda < K) throw new ArgumentException($"Strides too small: need ldc ≥ {N}, ldb ≥ {N}, lda ≥ {K}; got {ldc}, {ldb}, {lda}.");
        ThrowHelper.RequireLength(c.Length, (M - 1) * ldc + N, "c");
        ThrowHelper.RequireLength(a.Length, (M - 1) * lda + K, "a");
        foreach (int r in rows)
            if (r < 0 || (long)r * ldb + N > b.Length) throw new ArgumentOutOfRangeException(nameof(rows), r, $"Row {r} is outside B ({b.Length} floats, row stride {ldb}).");
        GemmGatherUnchecked(ref MemoryMarshal.GetReference(c), ldc, ref MemoryMarshal.GetReference(a), lda, ref MemoryMarshal.GetReference(b), ldb, rows, M, N);
    }

    /// <summary>Reference implementation: one sequential FMA chain per output.</summary>
    public static void GemmGatherScalar(Span<float> c, int ldc, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
                                        ReadOnlySpan<int> rows, int M, int N)
    {
        for (int m = 0; m < M; m++)
            for (int n = 0; n < N; n++)
            {
                float s = c[m * ldc + n];
                for (int k = 0; k < rows.Length; k++) s = MulAdd.Of(a[m * lda + k], b[rows[k] * ldb + n], s);
                c[m * ldc + n] = s;
            }
    }

    internal static void GemmGatherUnchecked(ref float c, int ldc, ref float a, int lda, ref float b, int ldb,
                                             ReadOnlySpan<int> rows, int M, int N, SimdPath path = SimdPath.Auto)
    {
        if (path == SimdPath.Auto) path = SimdPaths.Best;
        int done = path == SimdPath.Vector512 ? GatherTiles<F16>(ref c, ldc, ref a, lda, ref b, ldb, rows, M, N)
                 : path == SimdPath.Vector && Vector256.IsHardwareAccelerated ? GatherTiles<F8>(ref c, ldc, ref a, lda, ref b, ldb, rows, M, N)
                 : path == SimdPath.Vector && Vector128.IsHardwareAccelerated ? GatherTiles<F4>(ref c, ldc, ref a, lda, ref b, ldb, rows, M, N)
                 : 0;
        // leftover columns
        for (int m = 0; m < M; m++)
            for (int n = done; n < N; n++)
            {
                ref float cmn = ref Unsafe.Add(ref c, m * ldc + n);
                float s = cmn;
                for (int k = 0; k < rows.Length; k++) s = MulAdd.Of(Unsafe.Add(ref a, m * lda + k), Unsafe.Add(ref b, rows[k] * ldb + n), s);
                cmn = s;
            }
    }

    // The vector tiles over the leading columns; returns how many columns they covered. Each tile is a
    // method of its own, compiled fully optimised at once: inlined into one caller, the tiles' many
    // lane operations exceeded NativeAOT's inlining budget and the FMAs became calls (5× slower).
    static int GatherTiles<TV>(ref float c, int ldc, ref float a, int lda, ref float b, int ldb, ReadOnlySpan<int> rows, int M, int N)
        where TV : struct, IFloatLanes<TV>
    {
        int w = TV.Count, n4 = N / (4 * w) * (4 * w), n8 = N / (8 * w) * (8 * w), m = 0;
        for (; m + 4 <= M; m += 4)
            for (int n = 0; n < n4; n += 4 * w)
                Gather4x4<TV>(ref Unsafe.Add(ref c, m * ldc + n), ldc, ref Unsafe.Add(ref a, m * lda), lda, ref Unsafe.Add(ref b, n), ldb, rows);
        // leftover rows: 1×8-vector tiles (eight independent FMA chains cover the latency), then 1×4
        for (; m < M; m++)
        {
            for (int n = 0; n < n8; n += 8 * w)
                Gather1x8<TV>(ref Unsafe.Add(ref c, m * ldc + n), ref Unsafe.Add(ref a, m * lda), ref Unsafe.Add(ref b, n), ldb, rows);
            for (int n = n8; n < n4; n += 4 * w)
                Gather1x4<TV>(ref Unsafe.Add(ref c, m * ldc + n), ref Unsafe.Add(ref a, m * lda), ref Unsafe.Add(ref b, n), ldb, rows);
        }
        return n4;
    }

    // 4 rows × 4 vectors: 16 accumulators, one broadcast per A element, four B loads per k.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Gather4x4<TV>(ref float c, int ldc, ref float a, int lda, ref float b, int ldb, ReadOnlySpan<int> rows) where TV : struct, IFloatLanes<TV>
    {
        int w = TV.Count;
        ref float c0 = ref c; ref float c1 = ref Unsafe.Add(ref c, ldc); ref float c2 = ref Unsafe.Add(ref c, 2 * ldc); ref float c3 = ref Unsafe.Add(ref c, 3 * ldc);
        TV s00 = TV.Load(ref c0), s01 = TV.Load(ref Unsafe.Add(ref c0, w)), s02 = TV.Load(ref Unsafe.Add(ref c0, 2 * w)), s03 = TV.Load(ref Unsafe.Add(ref c0, 3 * w));
        TV s10 = TV.Load(ref c1), s11 = TV.Load(ref Unsafe.Add(ref c1, w)), s12 = TV.Load(ref Unsafe.Add(ref c1, 2 * w)), s13 = TV.Load(ref Unsafe.Add(ref c1, 3 * w));
        TV s20 = TV.Load(ref c2), s21 = TV.Load(ref Unsafe.Add(ref c2, w)), s22 = TV.Load(ref Unsafe.Add(ref c2, 2 * w)), s23 = TV.Load(ref Unsafe.Add(ref c2, 3 * w));
        TV s30 = TV.Load(ref c3), s31 = TV.Load(ref Unsafe.Add(ref c3, w)), s32 = TV.Load(ref Unsafe.Add(ref c3, 2 * w)), s33 = TV.Load(ref Unsafe.Add(ref c3, 3 * w));
        for (int k = 0; k < rows.Length; k++)
        {
            ref float bk = ref Unsafe.Add(ref b, rows[k] * ldb);
            TV b0 = TV.Load(ref bk), b1 = TV.Load(ref Unsafe.Add(ref bk, w)), b2 = TV.Load(ref Unsafe.Add(ref bk, 2 * w)), b3 = TV.Load(ref Unsafe.Add(ref bk, 3 * w));
            var x = TV.Splat(Unsafe.Add(ref a, k));
            s00 = TV.Fma(x, b0, s00); s01 = TV.Fma(x, b1, s01); s02 = TV.Fma(x, b2, s02); s03 = TV.Fma(x, b3, s03);
            x = TV.Splat(Unsafe.Add(ref a, lda + k));
            s10 = TV.Fma(x, b0, s10); s11 = TV.Fma(x, b1, s11); s12 = TV.Fma(x, b2, s12); s13 = TV.Fma(x, b3, s13);
            x = TV.Splat(Unsafe.Add(ref a, 2 * lda + k));
            s20 = TV.Fma(x, b0, s20); s21 = TV.Fma(x, b1, s21); s22 = TV.Fma(x, b2, s22); s23 = TV.Fma(x, b3, s23);
            x = TV.Splat(Unsafe.Add(ref a, 3 * lda + k));
            s30 = TV.Fma(x, b0, s30); s31 = TV.Fma(x, b1, s31); s32 = TV.Fma(x, b2, s32); s33 = TV.Fma(x, b3, s33);
        }
        s00.Store(ref c0); s01.Store(ref Unsafe.Add(ref c0, w)); s02.Store(ref Unsafe.Add(ref c0, 2 * w)); s03.Store(ref Unsafe.Add(ref c0, 3 * w));
        s10.Store(ref c1); s11.Store(ref Unsafe.Add(ref c1, w)); s12.Store(ref Unsafe.Add(ref c1, 2 * w)); s13.Store(ref Unsafe.Add(ref c1, 3 * w));
        s20.Store(ref c2); s21.Store(ref Unsafe.Add(ref c2, w)); s22.Store(ref Unsafe.Add(ref c2, 2 * w)); s23.Store(ref Unsafe.Add(ref c2, 3 * w));
        s30.Store(ref c3); s31.Store(ref Unsafe.Add(ref c3, w)); s32.Store(ref Unsafe.Add(ref c3, 2 * w)); s33.Store(ref Unsafe.Add(ref c3, 3 * w));
    }

    // 1 row × 8 vectors.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Gather1x8<TV>(ref float c, ref float a, ref float b, int ldb, ReadOnlySpan<int> rows) where TV : struct, IFloatLanes<TV>
    {
        int w = TV.Count;
        TV s0 = TV.Load(ref c), s1 = TV.Load(ref Unsafe.Add(ref c, w)), s2 = TV.Load(ref Unsafe.Add(ref c, 2 * w)), s3 = TV.Load(ref Unsafe.Add(ref c, 3 * w));
        TV s4 = TV.Load(ref Unsafe.Add(ref c, 4 * w)), s5 = TV.Load(ref Unsafe.Add(ref c, 5 * w)), s6 = TV.Load(ref Unsafe.Add(ref c, 6 * w)), s7 = TV.Load(ref Unsafe.Add(ref c, 7 * w));
        for (int k = 0; k < rows.Length; k++)
        {
            ref float bk = ref Unsafe.Add(ref b, rows[k] * ldb);
            var x = TV.Splat(Unsafe.Add(ref a, k));
            s0 = TV.Fma(x, TV.Load(ref bk), s0); s1 = TV.Fma(x, TV.Load(ref Unsafe.Add(ref bk, w)), s1);
            s2 = TV.Fma(x, TV.Load(ref Unsafe.Add(ref bk, 2 * w)), s2); s3 = TV.Fma(x, TV.Load(ref Unsafe.Add(ref bk, 3 * w)), s3);
            s4 = TV.Fma(x, TV.Load(ref Unsafe.Add(ref bk, 4 * w)), s4); s5 = TV.Fma(x, TV.Load(ref Unsafe.Add(ref bk, 5 * w)), s5);
            s6 = TV.Fma(x, TV.Load(ref Unsafe.Add(ref bk, 6 * w)), s6); s7 = TV.Fma(x, TV.Load(ref Unsafe.Add(ref bk, 7 * w)), s7);
        }
        s0.Store(ref c); s1.Store(ref Unsafe.Add(ref c, w)); s2.Store(ref Unsafe.Add(ref c, 2 * w)); s3.Store(ref Unsafe.Add(ref c, 3 * w));
        s4.Store(ref Unsafe.Add(ref c, 4 * w)); s5.Store(ref Unsafe.Add(ref c, 5 * w)); s6.Store(ref Unsafe.Add(ref c, 6 * w)); s7.Store(ref Unsafe.Add(ref c, 7 * w));
    }

    // 1 row × 4 vectors.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Gather1x4<TV>(ref float c, ref float a, ref float b, int ldb, ReadOnlySpan<int> rows) where TV : struct, IFloatLanes<TV>
    {
        int w = TV.Count;
        TV s0 = TV.Load(ref c), s1 = TV.Load(ref Unsafe.Add(ref c, w)), s2 = TV.Load(ref Unsafe.Add(ref c, 2 * w)), s3 = TV.Load(ref Unsafe.Add(ref c, 3 * w));
        for (int k = 0; k < rows.Length; k++)
        {
            ref float bk = ref Unsafe.Add(ref b, rows[k] * ldb);
            var x = TV.Splat(Unsafe.Add(ref a, k));
            s0 = TV.Fma(x, TV.Load(ref bk), s0); s1 = TV.Fma(x, TV.Load(ref Unsafe.Add(ref bk, w)), s1);
            s2 = TV.Fma(x, TV.Load(ref Unsafe.Add(ref bk, 2 * w)), s2); s3 = TV.Fma(x, TV.Load(ref Unsafe.Add(ref bk, 3 * w)), s3);
        }
        s0.Store(ref c); s1.Store(ref Unsafe.Add(ref c, w)); s2.Store(ref Unsafe.Add(ref c, 2 * w)); s3.Store(ref Unsafe.Add(ref c, 3 * w));
    }
}
