// C[m, n] += Σ_k A[m, k]·B[n, k] — the "NT" product, both operands contiguous along k.
// The dense forward y = x·Wᵀ is exactly this with A = x (B,In) and B = W (Out,In): no packed Wᵀ.
// Register tile: 4 rows of A × 4 rows of B = 16 Vector512 dot-product accumulators over k, reduced
// horizontally once per tile (16 reductions per 4·4·K multiply-adds); leftover rows (batch 1) use
// 1×4 tiles (an 8-row tile was tried: no faster, the batch-1 pass streams W from L2). Other widths,
// and leftover columns, fall back to one SIMD dot product per output (Dot). GemmNTScalar is the
// reference. The tiles are marked for inlining: NativeAOT has no PGO to find them hot, and a call per
// tile measurably slowed the AOT build.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rein2.Pure;

internal static partial class Kernels
{
    /// <summary>C[m,n] += Σ_k A[m,k]·B[n,k]; A (M,K) row stride lda, B (N,K) row stride ldb, C (M,N) row stride ldc.</summary>
    public static void GemmNT(Span<float> c, int ldc, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, int M, int N, int K)
    {
        ThrowHelper.RequireNonNegative(M, nameof(M)); ThrowHelper.RequireNonNegative(N, nameof(N)); ThrowHelper.RequireNonNegative(K, nameof(K));
        if (M == 0 || N == 0 || K == 0) return;
        if (ldc < N || lda < K || ldb < K) throw new ArgumentException($"Strides too small: need ldc ≥ {N}, lda ≥ {K}, ldb ≥ {K}; got {ldc}, {lda}, {ldb}.");
        ThrowHelper.RequireLength(c.Length, (M - 1) * ldc + N, "c");
        ThrowHelper.RequireLength(a.Length, (M - 1) * lda + K, "a");
        ThrowHelper.RequireLength(b.Length, (N - 1) * ldb + K, "b");
        GemmNTUnchecked(ref MemoryMarshal.GetReference(c), ldc, ref MemoryMarshal.GetReference(a), lda,
                        ref MemoryMarshal.GetReference(b), ldb, M, N, K);
    }

    /// <summary>Reference implementation.</summary>
    public static void GemmNTScalar(Span<float> c, int ldc, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, int M, int N, int K)
    {
        for (int m = 0; m < M; m++)
            for (int n = 0; n < N; n++)
            {
                float s = 0f;
                for (int k = 0; k < K; k++) s += a[m * lda + k] * b[n * ldb + k];
                c[m * ldc + n] += s;
            }
    }

    internal static void GemmNTUnchecked(ref float c, int ldc, ref float a, int lda, ref float b, int ldb, int M, int N, int K,
                                         SimdPath path = SimdPath.Auto)
    {
        if (path == SimdPath.Auto) path = SimdPaths.Best;
        int n4 = 0;
        if (path == SimdPath.Vector512 && K >= 16)
        {
            int m4 = M & ~3; n4 = N & ~3;
            for (int m = 0; m < m4; m += 4)
                for (int n = 0; n < n4; n += 4)
                    TileNT512x4x4(ref Unsafe.Add(ref c, m * ldc + n), ldc, ref Unsafe.Add(ref a, m * lda), lda,
                                  ref Unsafe.Add(ref b, n * ldb), ldb, K);
            // leftover rows (all of them at batch 1): one row of A against 4 rows of B at a time
            for (int m = m4; m < M; m++)
                for (int n = 0; n < n4; n += 4)
                    TileNT512x1x4(ref Unsafe.Add(ref c, m * ldc + n), ref Unsafe.Add(ref a, m * lda), ref Unsafe.Add(ref b, n * ldb), ldb, K);
        }
        else if (path == SimdPath.Vector && Vector.IsHardwareAccelerated && K >= Vector<float>.Count)
        {
            // the same 1×4 tiles with Vector<T> (AVX2: 8 lanes), every row
            n4 = N & ~3;
            for (int m = 0; m < M; m++)
                for (int n = 0; n < n4; n += 4)
                    TileNTVector1x4(ref Unsafe.Add(ref c, m * ldc + n), ref Unsafe.Add(ref a, m * lda), ref Unsafe.Add(ref b, n * ldb), ldb, K);
        }
        // edges: columns ≥ n4 (every column when not tiled), one dot product each; short rows (the
        // input layer, K = obs size) inline, since a call per output would cost more than the work
        for (int m = 0; m < M; m++)
        {
            ref float am = ref Unsafe.Add(ref a, m * lda);
            int n = n4;
            if (K < 16) // four outputs at a time: four independent add chains instead of one
                for (; n <= N - 4; n += 4)
                {
                    ref float b0 = ref Unsafe.Add(ref b, n * ldb);
                    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                    for (int k = 0; k < K; k++)
                    {
                        float xv = Unsafe.Add(ref am, k);
                        s0 += xv * Unsafe.Add(ref b0, k); s1 += xv * Unsafe.Add(ref b0, ldb + k);
                        s2 += xv * Unsafe.Add(ref b0, 2 * ldb + k); s3 += xv * Unsafe.Add(ref b0, 3 * ldb + k);
                    }
                    ref float cm = ref Unsafe.Add(ref c, m * ldc + n);
                    cm += s0; Unsafe.Add(ref cm, 1) += s1; Unsafe.Add(ref cm, 2) += s2; Unsafe.Add(ref cm, 3) += s3;
                }
            for (; n < N; n++)
            {
                ref float bn = ref Unsafe.Add(ref b, n * ldb);
                float sum;
                if (K < 16) { sum = 0f; for (int k = 0; k < K; k++) sum += Unsafe.Add(ref am, k) * Unsafe.Add(ref bn, k); }
                else sum = DotUnchecked(ref am, ref bn, K, path);
                Unsafe.Add(ref c, m * ldc + n) += sum;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void TileNTVector1x4(ref float c, ref float a, ref float b, int ldb, int K)
    {
        int w = Vector<float>.Count;
        ref float b1 = ref Unsafe.Add(ref b, ldb); ref float b2 = ref Unsafe.Add(ref b, 2 * ldb); ref float b3 = ref Unsafe.Add(ref b, 3 * ldb);
        Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
        int k = 0;
        for (; k <= K - w; k += w)
        {
            nuint o = (nuint)k;
            var x = Vector.LoadUnsafe(ref a, o);
            s0 = MulAdd.Of(x, Vector.LoadUnsafe(ref b, o), s0);
            s1 = MulAdd.Of(x, Vector.LoadUnsafe(ref b1, o), s1);
            s2 = MulAdd.Of(x, Vector.LoadUnsafe(ref b2, o), s2);
            s3 = MulAdd.Of(x, Vector.LoadUnsafe(ref b3, o), s3);
        }
        float r0 = Vector.Sum(s0), r1 = Vector.Sum(s1), r2 = Vector.Sum(s2), r3 = Vector.Sum(s3);
        for (; k < K; k++) // K remainder, scalar
        {
            float xv = Unsafe.Add(ref a, k);
            r0 += xv * Unsafe.Add(ref b, k); r1 += xv * Unsafe.Add(ref b1, k); r2 += xv * Unsafe.Add(ref b2, k); r3 += xv * Unsafe.Add(ref b3, k);
        }
        c += r0; Unsafe.Add(ref c, 1) += r1; Unsafe.Add(ref c, 2) += r2; Unsafe.Add(ref c, 3) += r3;
    }

    // 1 row of A × 4 rows of B: the row is loaded once per 16 k for four dot products (batch-1 inference).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void TileNT512x1x4(ref float c, ref float a, ref float b, int ldb, int K)
    {
        ref float b1 = ref Unsafe.Add(ref b, ldb); ref float b2 = ref Unsafe.Add(ref b, 2 * ldb); ref float b3 = ref Unsafe.Add(ref b, 3 * ldb);
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
        int k = 0;
        for (; k <= K - 16; k += 16)
        {
            nuint o = (nuint)k;
            var x = Vector512.LoadUnsafe(ref a, o);
            s0 = MulAdd.Of(x, Vector512.LoadUnsafe(ref b, o), s0);
            s1 = MulAdd.Of(x, Vector512.LoadUnsafe(ref b1, o), s1);
            s2 = MulAdd.Of(x, Vector512.LoadUnsafe(ref b2, o), s2);
            s3 = MulAdd.Of(x, Vector512.LoadUnsafe(ref b3, o), s3);
        }
        float r0 = Vector512.Sum(s0), r1 = Vector512.Sum(s1), r2 = Vector512.Sum(s2), r3 = Vector512.Sum(s3);
        for (; k < K; k++) // K remainder, scalar
        {
            float xv = Unsafe.Add(ref a, k);
            r0 += xv * Unsafe.Add(ref b, k); r1 += xv * Unsafe.Add(ref b1, k); r2 += xv * Unsafe.Add(ref b2, k); r3 += xv * Unsafe.Add(ref b3, k);
        }
        c += r0; Unsafe.Add(ref c, 1) += r1; Unsafe.Add(ref c, 2) += r2; Unsafe.Add(ref c, 3) += r3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void TileNT512x4x4(ref float c, int ldc, ref float a, int lda, ref float b, int ldb, int K)
    {
        ref float a1 = ref Unsafe.Add(ref a, lda); ref float a2 = ref Unsafe.Add(ref a, 2 * lda); ref float a3 = ref Unsafe.Add(ref a, 3 * lda);
        ref float b1 = ref Unsafe.Add(ref b, ldb); ref float b2 = ref Unsafe.Add(ref b, 2 * ldb); ref float b3 = ref Unsafe.Add(ref b, 3 * ldb);
        Vector512<float> s00 = default, s01 = default, s02 = default, s03 = default, s10 = default, s11 = default, s12 = default, s13 = default,
                         s20 = default, s21 = default, s22 = default, s23 = default, s30 = default, s31 = default, s32 = default, s33 = default;
        int k = 0;
        for (; k <= K - 16; k += 16)
        {
            nuint o = (nuint)k;
            var x0 = Vector512.LoadUnsafe(ref a, o); var x1 = Vector512.LoadUnsafe(ref a1, o);
            var x2 = Vector512.LoadUnsafe(ref a2, o); var x3 = Vector512.LoadUnsafe(ref a3, o);
            var w = Vector512.LoadUnsafe(ref b, o);
            s00 = MulAdd.Of(x0, w, s00); s10 = MulAdd.Of(x1, w, s10); s20 = MulAdd.Of(x2, w, s20); s30 = MulAdd.Of(x3, w, s30);
            w = Vector512.LoadUnsafe(ref b1, o);
            s01 = MulAdd.Of(x0, w, s01); s11 = MulAdd.Of(x1, w, s11); s21 = MulAdd.Of(x2, w, s21); s31 = MulAdd.Of(x3, w, s31);
            w = Vector512.LoadUnsafe(ref b2, o);
            s02 = MulAdd.Of(x0, w, s02); s12 = MulAdd.Of(x1, w, s12); s22 = MulAdd.Of(x2, w, s22); s32 = MulAdd.Of(x3, w, s32);
            w = Vector512.LoadUnsafe(ref b3, o);
            s03 = MulAdd.Of(x0, w, s03); s13 = MulAdd.Of(x1, w, s13); s23 = MulAdd.Of(x2, w, s23); s33 = MulAdd.Of(x3, w, s33);
        }
        ref float c1 = ref Unsafe.Add(ref c, ldc); ref float c2 = ref Unsafe.Add(ref c, 2 * ldc); ref float c3 = ref Unsafe.Add(ref c, 3 * ldc);
        c += Vector512.Sum(s00); Unsafe.Add(ref c, 1) += Vector512.Sum(s01); Unsafe.Add(ref c, 2) += Vector512.Sum(s02); Unsafe.Add(ref c, 3) += Vector512.Sum(s03);
        c1 += Vector512.Sum(s10); Unsafe.Add(ref c1, 1) += Vector512.Sum(s11); Unsafe.Add(ref c1, 2) += Vector512.Sum(s12); Unsafe.Add(ref c1, 3) += Vector512.Sum(s13);
        c2 += Vector512.Sum(s20); Unsafe.Add(ref c2, 1) += Vector512.Sum(s21); Unsafe.Add(ref c2, 2) += Vector512.Sum(s22); Unsafe.Add(ref c2, 3) += Vector512.Sum(s23);
        c3 += Vector512.Sum(s30); Unsafe.Add(ref c3, 1) += Vector512.Sum(s31); Unsafe.Add(ref c3, 2) += Vector512.Sum(s32); Unsafe.Add(ref c3, 3) += Vector512.Sum(s33);
        for (; k < K; k++) // K remainder, scalar
            for (int i = 0; i < 4; i++)
            {
                float xv = Unsafe.Add(ref a, i * lda + k);
                for (int j = 0; j < 4; j++) Unsafe.Add(ref c, i * ldc + j) += xv * Unsafe.Add(ref b, j * ldb + k);
            }
    }
}
