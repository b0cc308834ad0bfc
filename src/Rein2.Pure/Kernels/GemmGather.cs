// C[m, n] += Σ_k A[m, k]·B[rows[k], n] — a GEMM whose B rows are picked by an index list, read in
// place (no gathered copy). REIN-2's incremental inner evaluation (Nn/IncrementalGreedy.cs) uses it
// to add the rank-1 terms of the first-layer units that switched: A holds their ±(W1[j,:], b1_j),
// the rows are the switched units' rows of W2ᵀ. Register tiles as in Gemm.cs — 4 rows × 4 vectors
// (16 accumulators), 1 row × 8 and 1 row × 4 vectors — so C is loaded and stored once per call, however many
// rows are added. Each C(m, n) is one FMA chain over k on every path, so all paths equal
// GemmGatherScalar exactly. Vector512 → Vector<T> → scalar columns.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rein2.Pure;

public static partial class Kernels
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
                for (int k = 0; k < rows.Length; k++) s = MathF.FusedMultiplyAdd(a[m * lda + k], b[rows[k] * ldb + n], s);
                c[m * ldc + n] = s;
            }
    }

    internal static void GemmGatherUnchecked(ref float c, int ldc, ref float a, int lda, ref float b, int ldb,
                                             ReadOnlySpan<int> rows, int M, int N, SimdPath path = SimdPath.Auto)
    {
        if (path == SimdPath.Auto) path = SimdPaths.Best;
        int w = path == SimdPath.Vector512 ? 16 : path == SimdPath.Vector ? Vector<float>.Count : 0;
        int n4 = w == 0 ? 0 : N / (4 * w) * (4 * w);
        int m = 0;
        for (; m + 4 <= M; m += 4)
            for (int n = 0; n < n4; n += 4 * w)
                if (path == SimdPath.Vector512) Gather512x4x4(ref Unsafe.Add(ref c, m * ldc + n), ldc, ref Unsafe.Add(ref a, m * lda), lda, ref Unsafe.Add(ref b, n), ldb, rows);
                else GatherVecx4x4(ref Unsafe.Add(ref c, m * ldc + n), ldc, ref Unsafe.Add(ref a, m * lda), lda, ref Unsafe.Add(ref b, n), ldb, rows);
        // leftover rows: 1×8-vector tiles (eight independent FMA chains cover the latency), then 1×4
        int n8 = w == 0 ? 0 : N / (8 * w) * (8 * w);
        for (; m < M; m++)
        {
            for (int n = 0; n < n8; n += 4 * w)
            {
                if (path == SimdPath.Vector512) Gather512x1x4x2(ref Unsafe.Add(ref c, m * ldc + n), ref Unsafe.Add(ref a, m * lda), ref Unsafe.Add(ref b, n), ldb, rows);
                else GatherVecx1x4x2(ref Unsafe.Add(ref c, m * ldc + n), ref Unsafe.Add(ref a, m * lda), ref Unsafe.Add(ref b, n), ldb, rows, w);
                n += 4 * w;
            }
            for (int n = n8; n < n4; n += 4 * w)
                if (path == SimdPath.Vector512) Gather512x1x4(ref Unsafe.Add(ref c, m * ldc + n), ref Unsafe.Add(ref a, m * lda), ref Unsafe.Add(ref b, n), ldb, rows);
                else GatherVecx1x4(ref Unsafe.Add(ref c, m * ldc + n), ref Unsafe.Add(ref a, m * lda), ref Unsafe.Add(ref b, n), ldb, rows);
        }
        // leftover columns
        for (m = 0; m < M; m++)
            for (int n = n4; n < N; n++)
            {
                ref float cmn = ref Unsafe.Add(ref c, m * ldc + n);
                float s = cmn;
                for (int k = 0; k < rows.Length; k++) s = MathF.FusedMultiplyAdd(Unsafe.Add(ref a, m * lda + k), Unsafe.Add(ref b, rows[k] * ldb + n), s);
                cmn = s;
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Gather512x4x4(ref float c, int ldc, ref float a, int lda, ref float b, int ldb, ReadOnlySpan<int> rows)
    {
        ref float c0 = ref c; ref float c1 = ref Unsafe.Add(ref c, ldc); ref float c2 = ref Unsafe.Add(ref c, 2 * ldc); ref float c3 = ref Unsafe.Add(ref c, 3 * ldc);
        var s00 = Vector512.LoadUnsafe(ref c0, 0); var s01 = Vector512.LoadUnsafe(ref c0, 16); var s02 = Vector512.LoadUnsafe(ref c0, 32); var s03 = Vector512.LoadUnsafe(ref c0, 48);
        var s10 = Vector512.LoadUnsafe(ref c1, 0); var s11 = Vector512.LoadUnsafe(ref c1, 16); var s12 = Vector512.LoadUnsafe(ref c1, 32); var s13 = Vector512.LoadUnsafe(ref c1, 48);
        var s20 = Vector512.LoadUnsafe(ref c2, 0); var s21 = Vector512.LoadUnsafe(ref c2, 16); var s22 = Vector512.LoadUnsafe(ref c2, 32); var s23 = Vector512.LoadUnsafe(ref c2, 48);
        var s30 = Vector512.LoadUnsafe(ref c3, 0); var s31 = Vector512.LoadUnsafe(ref c3, 16); var s32 = Vector512.LoadUnsafe(ref c3, 32); var s33 = Vector512.LoadUnsafe(ref c3, 48);
        for (int k = 0; k < rows.Length; k++)
        {
            ref float bk = ref Unsafe.Add(ref b, rows[k] * ldb);
            var b0 = Vector512.LoadUnsafe(ref bk, 0); var b1 = Vector512.LoadUnsafe(ref bk, 16); var b2 = Vector512.LoadUnsafe(ref bk, 32); var b3 = Vector512.LoadUnsafe(ref bk, 48);
            var x = Vector512.Create(Unsafe.Add(ref a, k));
            s00 = Vector512.FusedMultiplyAdd(x, b0, s00); s01 = Vector512.FusedMultiplyAdd(x, b1, s01); s02 = Vector512.FusedMultiplyAdd(x, b2, s02); s03 = Vector512.FusedMultiplyAdd(x, b3, s03);
            x = Vector512.Create(Unsafe.Add(ref a, lda + k));
            s10 = Vector512.FusedMultiplyAdd(x, b0, s10); s11 = Vector512.FusedMultiplyAdd(x, b1, s11); s12 = Vector512.FusedMultiplyAdd(x, b2, s12); s13 = Vector512.FusedMultiplyAdd(x, b3, s13);
            x = Vector512.Create(Unsafe.Add(ref a, 2 * lda + k));
            s20 = Vector512.FusedMultiplyAdd(x, b0, s20); s21 = Vector512.FusedMultiplyAdd(x, b1, s21); s22 = Vector512.FusedMultiplyAdd(x, b2, s22); s23 = Vector512.FusedMultiplyAdd(x, b3, s23);
            x = Vector512.Create(Unsafe.Add(ref a, 3 * lda + k));
            s30 = Vector512.FusedMultiplyAdd(x, b0, s30); s31 = Vector512.FusedMultiplyAdd(x, b1, s31); s32 = Vector512.FusedMultiplyAdd(x, b2, s32); s33 = Vector512.FusedMultiplyAdd(x, b3, s33);
        }
        s00.StoreUnsafe(ref c0, 0); s01.StoreUnsafe(ref c0, 16); s02.StoreUnsafe(ref c0, 32); s03.StoreUnsafe(ref c0, 48);
        s10.StoreUnsafe(ref c1, 0); s11.StoreUnsafe(ref c1, 16); s12.StoreUnsafe(ref c1, 32); s13.StoreUnsafe(ref c1, 48);
        s20.StoreUnsafe(ref c2, 0); s21.StoreUnsafe(ref c2, 16); s22.StoreUnsafe(ref c2, 32); s23.StoreUnsafe(ref c2, 48);
        s30.StoreUnsafe(ref c3, 0); s31.StoreUnsafe(ref c3, 16); s32.StoreUnsafe(ref c3, 32); s33.StoreUnsafe(ref c3, 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Gather512x1x4(ref float c, ref float a, ref float b, int ldb, ReadOnlySpan<int> rows)
    {
        var s0 = Vector512.LoadUnsafe(ref c, 0); var s1 = Vector512.LoadUnsafe(ref c, 16); var s2 = Vector512.LoadUnsafe(ref c, 32); var s3 = Vector512.LoadUnsafe(ref c, 48);
        for (int k = 0; k < rows.Length; k++)
        {
            ref float bk = ref Unsafe.Add(ref b, rows[k] * ldb);
            var x = Vector512.Create(Unsafe.Add(ref a, k));
            s0 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref bk, 0), s0); s1 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref bk, 16), s1);
            s2 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref bk, 32), s2); s3 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref bk, 48), s3);
        }
        s0.StoreUnsafe(ref c, 0); s1.StoreUnsafe(ref c, 16); s2.StoreUnsafe(ref c, 32); s3.StoreUnsafe(ref c, 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Gather512x1x4x2(ref float c, ref float a, ref float b, int ldb, ReadOnlySpan<int> rows)
    {
        var s0 = Vector512.LoadUnsafe(ref c, 0); var s1 = Vector512.LoadUnsafe(ref c, 16); var s2 = Vector512.LoadUnsafe(ref c, 32); var s3 = Vector512.LoadUnsafe(ref c, 48);
        var s4 = Vector512.LoadUnsafe(ref c, 64); var s5 = Vector512.LoadUnsafe(ref c, 80); var s6 = Vector512.LoadUnsafe(ref c, 96); var s7 = Vector512.LoadUnsafe(ref c, 112);
        for (int k = 0; k < rows.Length; k++)
        {
            ref float bk = ref Unsafe.Add(ref b, rows[k] * ldb);
            var x = Vector512.Create(Unsafe.Add(ref a, k));
            s0 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref bk, 0), s0); s1 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref bk, 16), s1);
            s2 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref bk, 32), s2); s3 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref bk, 48), s3);
            s4 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref bk, 64), s4); s5 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref bk, 80), s5);
            s6 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref bk, 96), s6); s7 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref bk, 112), s7);
        }
        s0.StoreUnsafe(ref c, 0); s1.StoreUnsafe(ref c, 16); s2.StoreUnsafe(ref c, 32); s3.StoreUnsafe(ref c, 48);
        s4.StoreUnsafe(ref c, 64); s5.StoreUnsafe(ref c, 80); s6.StoreUnsafe(ref c, 96); s7.StoreUnsafe(ref c, 112);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void GatherVecx1x4x2(ref float c, ref float a, ref float b, int ldb, ReadOnlySpan<int> rows, int w)
    {
        var s0 = Vector.LoadUnsafe(ref c, 0); var s1 = Vector.LoadUnsafe(ref c, (nuint)w); var s2 = Vector.LoadUnsafe(ref c, (nuint)(2 * w)); var s3 = Vector.LoadUnsafe(ref c, (nuint)(3 * w));
        var s4 = Vector.LoadUnsafe(ref c, (nuint)(4 * w)); var s5 = Vector.LoadUnsafe(ref c, (nuint)(5 * w)); var s6 = Vector.LoadUnsafe(ref c, (nuint)(6 * w)); var s7 = Vector.LoadUnsafe(ref c, (nuint)(7 * w));
        for (int k = 0; k < rows.Length; k++)
        {
            ref float bk = ref Unsafe.Add(ref b, rows[k] * ldb);
            var x = new Vector<float>(Unsafe.Add(ref a, k));
            s0 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref bk, 0), s0); s1 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref bk, (nuint)w), s1);
            s2 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref bk, (nuint)(2 * w)), s2); s3 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref bk, (nuint)(3 * w)), s3);
            s4 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref bk, (nuint)(4 * w)), s4); s5 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref bk, (nuint)(5 * w)), s5);
            s6 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref bk, (nuint)(6 * w)), s6); s7 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref bk, (nuint)(7 * w)), s7);
        }
        s0.StoreUnsafe(ref c, 0); s1.StoreUnsafe(ref c, (nuint)w); s2.StoreUnsafe(ref c, (nuint)(2 * w)); s3.StoreUnsafe(ref c, (nuint)(3 * w));
        s4.StoreUnsafe(ref c, (nuint)(4 * w)); s5.StoreUnsafe(ref c, (nuint)(5 * w)); s6.StoreUnsafe(ref c, (nuint)(6 * w)); s7.StoreUnsafe(ref c, (nuint)(7 * w));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void GatherVecx4x4(ref float c, int ldc, ref float a, int lda, ref float b, int ldb, ReadOnlySpan<int> rows)
    {
        int w = Vector<float>.Count;
        ref float c0 = ref c; ref float c1 = ref Unsafe.Add(ref c, ldc); ref float c2 = ref Unsafe.Add(ref c, 2 * ldc); ref float c3 = ref Unsafe.Add(ref c, 3 * ldc);
        var s00 = Vector.LoadUnsafe(ref c0, 0); var s01 = Vector.LoadUnsafe(ref c0, (nuint)w); var s02 = Vector.LoadUnsafe(ref c0, (nuint)(2 * w)); var s03 = Vector.LoadUnsafe(ref c0, (nuint)(3 * w));
        var s10 = Vector.LoadUnsafe(ref c1, 0); var s11 = Vector.LoadUnsafe(ref c1, (nuint)w); var s12 = Vector.LoadUnsafe(ref c1, (nuint)(2 * w)); var s13 = Vector.LoadUnsafe(ref c1, (nuint)(3 * w));
        var s20 = Vector.LoadUnsafe(ref c2, 0); var s21 = Vector.LoadUnsafe(ref c2, (nuint)w); var s22 = Vector.LoadUnsafe(ref c2, (nuint)(2 * w)); var s23 = Vector.LoadUnsafe(ref c2, (nuint)(3 * w));
        var s30 = Vector.LoadUnsafe(ref c3, 0); var s31 = Vector.LoadUnsafe(ref c3, (nuint)w); var s32 = Vector.LoadUnsafe(ref c3, (nuint)(2 * w)); var s33 = Vector.LoadUnsafe(ref c3, (nuint)(3 * w));
        for (int k = 0; k < rows.Length; k++)
        {
            ref float bk = ref Unsafe.Add(ref b, rows[k] * ldb);
            var b0 = Vector.LoadUnsafe(ref bk, 0); var b1 = Vector.LoadUnsafe(ref bk, (nuint)w); var b2 = Vector.LoadUnsafe(ref bk, (nuint)(2 * w)); var b3 = Vector.LoadUnsafe(ref bk, (nuint)(3 * w));
            var x = new Vector<float>(Unsafe.Add(ref a, k));
            s00 = Vector.FusedMultiplyAdd(x, b0, s00); s01 = Vector.FusedMultiplyAdd(x, b1, s01); s02 = Vector.FusedMultiplyAdd(x, b2, s02); s03 = Vector.FusedMultiplyAdd(x, b3, s03);
            x = new Vector<float>(Unsafe.Add(ref a, lda + k));
            s10 = Vector.FusedMultiplyAdd(x, b0, s10); s11 = Vector.FusedMultiplyAdd(x, b1, s11); s12 = Vector.FusedMultiplyAdd(x, b2, s12); s13 = Vector.FusedMultiplyAdd(x, b3, s13);
            x = new Vector<float>(Unsafe.Add(ref a, 2 * lda + k));
            s20 = Vector.FusedMultiplyAdd(x, b0, s20); s21 = Vector.FusedMultiplyAdd(x, b1, s21); s22 = Vector.FusedMultiplyAdd(x, b2, s22); s23 = Vector.FusedMultiplyAdd(x, b3, s23);
            x = new Vector<float>(Unsafe.Add(ref a, 3 * lda + k));
            s30 = Vector.FusedMultiplyAdd(x, b0, s30); s31 = Vector.FusedMultiplyAdd(x, b1, s31); s32 = Vector.FusedMultiplyAdd(x, b2, s32); s33 = Vector.FusedMultiplyAdd(x, b3, s33);
        }
        s00.StoreUnsafe(ref c0, 0); s01.StoreUnsafe(ref c0, (nuint)w); s02.StoreUnsafe(ref c0, (nuint)(2 * w)); s03.StoreUnsafe(ref c0, (nuint)(3 * w));
        s10.StoreUnsafe(ref c1, 0); s11.StoreUnsafe(ref c1, (nuint)w); s12.StoreUnsafe(ref c1, (nuint)(2 * w)); s13.StoreUnsafe(ref c1, (nuint)(3 * w));
        s20.StoreUnsafe(ref c2, 0); s21.StoreUnsafe(ref c2, (nuint)w); s22.StoreUnsafe(ref c2, (nuint)(2 * w)); s23.StoreUnsafe(ref c2, (nuint)(3 * w));
        s30.StoreUnsafe(ref c3, 0); s31.StoreUnsafe(ref c3, (nuint)w); s32.StoreUnsafe(ref c3, (nuint)(2 * w)); s33.StoreUnsafe(ref c3, (nuint)(3 * w));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void GatherVecx1x4(ref float c, ref float a, ref float b, int ldb, ReadOnlySpan<int> rows)
    {
        int w = Vector<float>.Count;
        var s0 = Vector.LoadUnsafe(ref c, 0); var s1 = Vector.LoadUnsafe(ref c, (nuint)w); var s2 = Vector.LoadUnsafe(ref c, (nuint)(2 * w)); var s3 = Vector.LoadUnsafe(ref c, (nuint)(3 * w));
        for (int k = 0; k < rows.Length; k++)
        {
            ref float bk = ref Unsafe.Add(ref b, rows[k] * ldb);
            var x = new Vector<float>(Unsafe.Add(ref a, k));
            s0 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref bk, 0), s0); s1 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref bk, (nuint)w), s1);
            s2 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref bk, (nuint)(2 * w)), s2); s3 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref bk, (nuint)(3 * w)), s3);
        }
        s0.StoreUnsafe(ref c, 0); s1.StoreUnsafe(ref c, (nuint)w); s2.StoreUnsafe(ref c, (nuint)(2 * w)); s3.StoreUnsafe(ref c, (nuint)(3 * w));
    }
}
