// C[m, n] += Σ_k A[m, k]·B[k, n] — the one matrix kernel every dense layer uses.
//   forward   Y  (B,Out) += X (B,In) · Wᵀ (In,Out)        (Wᵀ packed once per call)
//   backward  dX (B,In)  += dY (B,Out) · W (Out,In)
//   backward  dW (Out,In) += dYᵀ (Out,B) · X (B,In)       (A read with strides: no transpose copy)
// A is addressed with two strides, so a transposed operand costs nothing; B and C are row-major.
// Register-blocked "broadcast-FMA" micro-kernel: 4 rows of A × 4 vectors of B's columns held in
// 16 accumulators (Vector512: a 4×64 tile), one broadcast per A element, one load per B vector.
// Dispatch 512 → Vector<T> (256/128) → scalar columns. GemmScalar is the reference.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rein2.Pure;

internal static partial class Kernels
{
    /// <summary>
    /// C[m,n] += Σ_k A[m,k]·B[k,n] for m &lt; M, n &lt; N, k &lt; K. A(m,k) is at a[m·aRow + k·aCol];
    /// B(k,n) at b[k·ldb + n]; C(m,n) at c[m·ldc + n].
    /// </summary>
    public static void Gemm(Span<float> c, int ldc, ReadOnlySpan<float> a, int aRow, int aCol,
                            ReadOnlySpan<float> b, int ldb, int M, int N, int K)
    {
        ValidateGemm(c.Length, ldc, a.Length, aRow, aCol, b.Length, ldb, M, N, K);
        if (M == 0 || N == 0 || K == 0) return;
        GemmUnchecked(ref MemoryMarshal.GetReference(c), ldc, ref MemoryMarshal.GetReference(a), aRow, aCol,
                      ref MemoryMarshal.GetReference(b), ldb, M, N, K);
    }

    /// <summary>Reference implementation: the triple loop, k innermost, sequential sum.</summary>
    public static void GemmScalar(Span<float> c, int ldc, ReadOnlySpan<float> a, int aRow, int aCol,
                                  ReadOnlySpan<float> b, int ldb, int M, int N, int K)
    {
        ValidateGemm(c.Length, ldc, a.Length, aRow, aCol, b.Length, ldb, M, N, K);
        for (int m = 0; m < M; m++)
            for (int n = 0; n < N; n++)
            {
                float s = 0f;
                for (int k = 0; k < K; k++) s += a[m * aRow + k * aCol] * b[k * ldb + n];
                c[m * ldc + n] += s;
            }
    }

    static void ValidateGemm(int cLen, int ldc, int aLen, int aRow, int aCol, int bLen, int ldb, int M, int N, int K)
    {
        ThrowHelper.RequireNonNegative(M, nameof(M));
        ThrowHelper.RequireNonNegative(N, nameof(N));
        ThrowHelper.RequireNonNegative(K, nameof(K));
        if (M == 0 || N == 0 || K == 0) return;
        ThrowHelper.RequireNonNegative(aRow, nameof(aRow));
        ThrowHelper.RequireNonNegative(aCol, nameof(aCol));
        if (ldc < N) throw new ArgumentOutOfRangeException(nameof(ldc), ldc, $"ldc must be ≥ N = {N}, got {ldc}.");
        if (ldb < N) throw new ArgumentOutOfRangeException(nameof(ldb), ldb, $"ldb must be ≥ N = {N}, got {ldb}.");
        ThrowHelper.RequireLength(cLen, (M - 1) * ldc + N, "c");
        ThrowHelper.RequireLength(aLen, (M - 1) * aRow + (K - 1) * aCol + 1, "a");
        ThrowHelper.RequireLength(bLen, (K - 1) * ldb + N, "b");
    }

    internal static void GemmUnchecked(ref float c, int ldc, ref float a, int aRow, int aCol,
                                       ref float b, int ldb, int M, int N, int K, SimdPath path = SimdPath.Auto)
    {
        if (path == SimdPath.Auto) path = SimdPaths.Best;
        // Block K so the slice of B being swept (KBlock rows × N) stays in L2 while every row tile of
        // A passes over it; C accumulates across blocks, so the result is the same sum re-associated.
        for (int k0 = 0; k0 < K; k0 += KBlock)
        {
            int kc = Math.Min(KBlock, K - k0);
            GemmPanel(ref c, ldc, ref Unsafe.Add(ref a, k0 * aCol), aRow, aCol, ref Unsafe.Add(ref b, k0 * ldb), ldb, M, N, kc, path);
        }
    }

    const int KBlock = 256;

    static void GemmPanel(ref float c, int ldc, ref float a, int aRow, int aCol, ref float b, int ldb, int M, int N, int K, SimdPath path)
    {
        int done = 0;
        if (path == SimdPath.Vector512) done = Gemm512(ref c, ldc, ref a, aRow, aCol, ref b, ldb, M, N, K);
        else if (path == SimdPath.Vector) done = GemmVector(ref c, ldc, ref a, aRow, aCol, ref b, ldb, M, N, K);
        if (done < N) GemmScalarColumns(ref c, ldc, ref a, aRow, aCol, ref b, ldb, M, done, N, K);
    }

    // Scalar remainder: columns [n0, n1).
    static void GemmScalarColumns(ref float c, int ldc, ref float a, int aRow, int aCol,
                                  ref float b, int ldb, int M, int n0, int n1, int K)
    {
        for (int m = 0; m < M; m++)
        {
            ref float am = ref Unsafe.Add(ref a, m * aRow);
            ref float cm = ref Unsafe.Add(ref c, m * ldc);
            for (int n = n0; n < n1; n++)
            {
                float s = 0f;
                for (int k = 0; k < K; k++) s = MulAdd.Of(Unsafe.Add(ref am, k * aCol), Unsafe.Add(ref b, k * ldb + n), s);
                Unsafe.Add(ref cm, n) += s;
            }
        }
    }

    // ---- 512-bit path: returns the number of leading columns done (a multiple of 16) ----
    static int Gemm512(ref float c, int ldc, ref float a, int aRow, int aCol, ref float b, int ldb, int M, int N, int K)
    {
        const int W = 16;
        int n64 = N & ~(4 * W - 1), n16 = N & ~(W - 1);
        int m = 0;
        for (; m <= M - 4; m += 4)
        {
            ref float am = ref Unsafe.Add(ref a, m * aRow);
            ref float cm = ref Unsafe.Add(ref c, m * ldc);
            for (int n = 0; n < n64; n += 4 * W) Tile512x4x4(ref Unsafe.Add(ref cm, n), ldc, ref am, aRow, aCol, ref Unsafe.Add(ref b, n), ldb, K);
            for (int n = n64; n < n16; n += W) Tile512x4x1(ref Unsafe.Add(ref cm, n), ldc, ref am, aRow, aCol, ref Unsafe.Add(ref b, n), ldb, K);
        }
        for (; m < M; m++)
        {
            // leftover rows: 1×256 tiles stream whole rows of B (one contiguous 1 KB read per k, easy
            // on the prefetcher), then 1×64 tiles (four independent chains hide the FMA latency)
            ref float am = ref Unsafe.Add(ref a, m * aRow);
            ref float cm = ref Unsafe.Add(ref c, m * ldc);
            int n256 = N & ~(16 * W - 1);
            for (int n = 0; n < n256; n += 16 * W) Tile512x1x16(ref Unsafe.Add(ref cm, n), ref am, aCol, ref Unsafe.Add(ref b, n), ldb, K);
            for (int n = n256; n < n64; n += 4 * W) Tile512x1x4(ref Unsafe.Add(ref cm, n), ref am, aCol, ref Unsafe.Add(ref b, n), ldb, K);
            for (int n = n64; n < n16; n += W) Tile512x1x1(ref Unsafe.Add(ref cm, n), ref am, aCol, ref Unsafe.Add(ref b, n), ldb, K);
        }
        return n16;
    }

    static void Tile512x1x16(ref float c, ref float a, int aCol, ref float b, int ldb, int K)
    {
        var s0 = Vector512.LoadUnsafe(ref c, 0); var s1 = Vector512.LoadUnsafe(ref c, 16); var s2 = Vector512.LoadUnsafe(ref c, 32); var s3 = Vector512.LoadUnsafe(ref c, 48);
        var s4 = Vector512.LoadUnsafe(ref c, 64); var s5 = Vector512.LoadUnsafe(ref c, 80); var s6 = Vector512.LoadUnsafe(ref c, 96); var s7 = Vector512.LoadUnsafe(ref c, 112);
        var s8 = Vector512.LoadUnsafe(ref c, 128); var s9 = Vector512.LoadUnsafe(ref c, 144); var s10 = Vector512.LoadUnsafe(ref c, 160); var s11 = Vector512.LoadUnsafe(ref c, 176);
        var s12 = Vector512.LoadUnsafe(ref c, 192); var s13 = Vector512.LoadUnsafe(ref c, 208); var s14 = Vector512.LoadUnsafe(ref c, 224); var s15 = Vector512.LoadUnsafe(ref c, 240);
        nint ka = 0, kb = 0;
        for (int k = 0; k < K; k++, ka += aCol, kb += ldb)
        {
            ref float bk = ref Unsafe.Add(ref b, kb);
            var x = Vector512.Create(Unsafe.Add(ref a, ka));
            s0 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 0), s0); s1 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 16), s1);
            s2 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 32), s2); s3 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 48), s3);
            s4 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 64), s4); s5 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 80), s5);
            s6 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 96), s6); s7 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 112), s7);
            s8 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 128), s8); s9 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 144), s9);
            s10 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 160), s10); s11 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 176), s11);
            s12 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 192), s12); s13 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 208), s13);
            s14 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 224), s14); s15 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 240), s15);
        }
        s0.StoreUnsafe(ref c, 0); s1.StoreUnsafe(ref c, 16); s2.StoreUnsafe(ref c, 32); s3.StoreUnsafe(ref c, 48);
        s4.StoreUnsafe(ref c, 64); s5.StoreUnsafe(ref c, 80); s6.StoreUnsafe(ref c, 96); s7.StoreUnsafe(ref c, 112);
        s8.StoreUnsafe(ref c, 128); s9.StoreUnsafe(ref c, 144); s10.StoreUnsafe(ref c, 160); s11.StoreUnsafe(ref c, 176);
        s12.StoreUnsafe(ref c, 192); s13.StoreUnsafe(ref c, 208); s14.StoreUnsafe(ref c, 224); s15.StoreUnsafe(ref c, 240);
    }

    static void Tile512x1x4(ref float c, ref float a, int aCol, ref float b, int ldb, int K)
    {
        var s0 = Vector512.LoadUnsafe(ref c, 0); var s1 = Vector512.LoadUnsafe(ref c, 16);
        var s2 = Vector512.LoadUnsafe(ref c, 32); var s3 = Vector512.LoadUnsafe(ref c, 48);
        nint ka = 0, kb = 0;
        for (int k = 0; k < K; k++, ka += aCol, kb += ldb)
        {
            ref float bk = ref Unsafe.Add(ref b, kb);
            var x = Vector512.Create(Unsafe.Add(ref a, ka));
            s0 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 0), s0);
            s1 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 16), s1);
            s2 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 32), s2);
            s3 = MulAdd.Of(x, Vector512.LoadUnsafe(ref bk, 48), s3);
        }
        s0.StoreUnsafe(ref c, 0); s1.StoreUnsafe(ref c, 16); s2.StoreUnsafe(ref c, 32); s3.StoreUnsafe(ref c, 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    static void Tile512x4x4(ref float c, int ldc, ref float a, int aRow, int aCol, ref float b, int ldb, int K)
    {
        ref float c0 = ref c; ref float c1 = ref Unsafe.Add(ref c, ldc);
        ref float c2 = ref Unsafe.Add(ref c, 2 * ldc); ref float c3 = ref Unsafe.Add(ref c, 3 * ldc);
        var c00 = Vector512.LoadUnsafe(ref c0, 0); var c01 = Vector512.LoadUnsafe(ref c0, 16); var c02 = Vector512.LoadUnsafe(ref c0, 32); var c03 = Vector512.LoadUnsafe(ref c0, 48);
        var c10 = Vector512.LoadUnsafe(ref c1, 0); var c11 = Vector512.LoadUnsafe(ref c1, 16); var c12 = Vector512.LoadUnsafe(ref c1, 32); var c13 = Vector512.LoadUnsafe(ref c1, 48);
        var c20 = Vector512.LoadUnsafe(ref c2, 0); var c21 = Vector512.LoadUnsafe(ref c2, 16); var c22 = Vector512.LoadUnsafe(ref c2, 32); var c23 = Vector512.LoadUnsafe(ref c2, 48);
        var c30 = Vector512.LoadUnsafe(ref c3, 0); var c31 = Vector512.LoadUnsafe(ref c3, 16); var c32 = Vector512.LoadUnsafe(ref c3, 32); var c33 = Vector512.LoadUnsafe(ref c3, 48);
        ref float a0 = ref a; ref float a1 = ref Unsafe.Add(ref a, aRow);
        ref float a2 = ref Unsafe.Add(ref a, 2 * aRow); ref float a3 = ref Unsafe.Add(ref a, 3 * aRow);
        nint ka = 0, kb = 0;
        for (int k = 0; k < K; k++, ka += aCol, kb += ldb)
        {
            ref float bk = ref Unsafe.Add(ref b, kb);
            var b0 = Vector512.LoadUnsafe(ref bk, 0); var b1 = Vector512.LoadUnsafe(ref bk, 16);
            var b2 = Vector512.LoadUnsafe(ref bk, 32); var b3 = Vector512.LoadUnsafe(ref bk, 48);
            var x = Vector512.Create(Unsafe.Add(ref a0, ka));
            c00 = MulAdd.Of(x, b0, c00); c01 = MulAdd.Of(x, b1, c01); c02 = MulAdd.Of(x, b2, c02); c03 = MulAdd.Of(x, b3, c03);
            x = Vector512.Create(Unsafe.Add(ref a1, ka));
            c10 = MulAdd.Of(x, b0, c10); c11 = MulAdd.Of(x, b1, c11); c12 = MulAdd.Of(x, b2, c12); c13 = MulAdd.Of(x, b3, c13);
            x = Vector512.Create(Unsafe.Add(ref a2, ka));
            c20 = MulAdd.Of(x, b0, c20); c21 = MulAdd.Of(x, b1, c21); c22 = MulAdd.Of(x, b2, c22); c23 = MulAdd.Of(x, b3, c23);
            x = Vector512.Create(Unsafe.Add(ref a3, ka));
            c30 = MulAdd.Of(x, b0, c30); c31 = MulAdd.Of(x, b1, c31); c32 = MulAdd.Of(x, b2, c32); c33 = MulAdd.Of(x, b3, c33);
        }
        c00.StoreUnsafe(ref c0, 0); c01.StoreUnsafe(ref c0, 16); c02.StoreUnsafe(ref c0, 32); c03.StoreUnsafe(ref c0, 48);
        c10.StoreUnsafe(ref c1, 0); c11.StoreUnsafe(ref c1, 16); c12.StoreUnsafe(ref c1, 32); c13.StoreUnsafe(ref c1, 48);
        c20.StoreUnsafe(ref c2, 0); c21.StoreUnsafe(ref c2, 16); c22.StoreUnsafe(ref c2, 32); c23.StoreUnsafe(ref c2, 48);
        c30.StoreUnsafe(ref c3, 0); c31.StoreUnsafe(ref c3, 16); c32.StoreUnsafe(ref c3, 32); c33.StoreUnsafe(ref c3, 48);
    }

    static void Tile512x4x1(ref float c, int ldc, ref float a, int aRow, int aCol, ref float b, int ldb, int K)
    {
        ref float c1 = ref Unsafe.Add(ref c, ldc); ref float c2 = ref Unsafe.Add(ref c, 2 * ldc); ref float c3 = ref Unsafe.Add(ref c, 3 * ldc);
        var s0 = Vector512.LoadUnsafe(ref c); var s1 = Vector512.LoadUnsafe(ref c1);
        var s2 = Vector512.LoadUnsafe(ref c2); var s3 = Vector512.LoadUnsafe(ref c3);
        ref float a1 = ref Unsafe.Add(ref a, aRow); ref float a2 = ref Unsafe.Add(ref a, 2 * aRow); ref float a3 = ref Unsafe.Add(ref a, 3 * aRow);
        nint ka = 0, kb = 0;
        for (int k = 0; k < K; k++, ka += aCol, kb += ldb)
        {
            var bk = Vector512.LoadUnsafe(ref Unsafe.Add(ref b, kb));
            s0 = MulAdd.Of(Vector512.Create(Unsafe.Add(ref a, ka)), bk, s0);
            s1 = MulAdd.Of(Vector512.Create(Unsafe.Add(ref a1, ka)), bk, s1);
            s2 = MulAdd.Of(Vector512.Create(Unsafe.Add(ref a2, ka)), bk, s2);
            s3 = MulAdd.Of(Vector512.Create(Unsafe.Add(ref a3, ka)), bk, s3);
        }
        s0.StoreUnsafe(ref c); s1.StoreUnsafe(ref c1); s2.StoreUnsafe(ref c2); s3.StoreUnsafe(ref c3);
    }

    static void Tile512x1x1(ref float c, ref float a, int aCol, ref float b, int ldb, int K)
    {
        var s = Vector512.LoadUnsafe(ref c);
        nint ka = 0, kb = 0;
        for (int k = 0; k < K; k++, ka += aCol, kb += ldb)
            s = MulAdd.Of(Vector512.Create(Unsafe.Add(ref a, ka)), Vector512.LoadUnsafe(ref Unsafe.Add(ref b, kb)), s);
        s.StoreUnsafe(ref c);
    }

    // ---- Vector<T> path (256-bit with AVX2, 128-bit otherwise): 4 rows × 2 vectors per tile ----
    static int GemmVector(ref float c, int ldc, ref float a, int aRow, int aCol, ref float b, int ldb, int M, int N, int K)
    {
        int w = Vector<float>.Count;
        int nW = N - N % w;
        int n2W = N - N % (2 * w);
        int m = 0;
        for (; m <= M - 4; m += 4)
        {
            ref float am = ref Unsafe.Add(ref a, m * aRow);
            ref float cm = ref Unsafe.Add(ref c, m * ldc);
            for (int n = 0; n < n2W; n += 2 * w) TileVector4x2(ref Unsafe.Add(ref cm, n), ldc, ref am, aRow, aCol, ref Unsafe.Add(ref b, n), ldb, K);
            for (int n = n2W; n < nW; n += w)
                for (int r = 0; r < 4; r++)
                    TileVector1x1(ref Unsafe.Add(ref cm, r * ldc + n), ref Unsafe.Add(ref am, r * aRow), aCol, ref Unsafe.Add(ref b, n), ldb, K);
        }
        int n4W = N - N % (4 * w);
        for (; m < M; m++)
        {
            // leftover rows (small batches): four vectors per pass, four independent FMA chains
            ref float am = ref Unsafe.Add(ref a, m * aRow);
            ref float cm = ref Unsafe.Add(ref c, m * ldc);
            for (int n = 0; n < n4W; n += 4 * w) TileVector1x4(ref Unsafe.Add(ref cm, n), ref am, aCol, ref Unsafe.Add(ref b, n), ldb, K);
            for (int n = n4W; n < nW; n += w) TileVector1x1(ref Unsafe.Add(ref cm, n), ref am, aCol, ref Unsafe.Add(ref b, n), ldb, K);
        }
        return nW;
    }

    static void TileVector1x4(ref float c, ref float a, int aCol, ref float b, int ldb, int K)
    {
        nuint w = (nuint)Vector<float>.Count;
        var s0 = Vector.LoadUnsafe(ref c); var s1 = Vector.LoadUnsafe(ref c, w); var s2 = Vector.LoadUnsafe(ref c, 2 * w); var s3 = Vector.LoadUnsafe(ref c, 3 * w);
        nint ka = 0, kb = 0;
        for (int k = 0; k < K; k++, ka += aCol, kb += ldb)
        {
            ref float bk = ref Unsafe.Add(ref b, kb);
            var x = new Vector<float>(Unsafe.Add(ref a, ka));
            s0 = MulAdd.Of(x, Vector.LoadUnsafe(ref bk), s0); s1 = MulAdd.Of(x, Vector.LoadUnsafe(ref bk, w), s1);
            s2 = MulAdd.Of(x, Vector.LoadUnsafe(ref bk, 2 * w), s2); s3 = MulAdd.Of(x, Vector.LoadUnsafe(ref bk, 3 * w), s3);
        }
        s0.StoreUnsafe(ref c); s1.StoreUnsafe(ref c, w); s2.StoreUnsafe(ref c, 2 * w); s3.StoreUnsafe(ref c, 3 * w);
    }

    static void TileVector4x2(ref float c, int ldc, ref float a, int aRow, int aCol, ref float b, int ldb, int K)
    {
        nuint w = (nuint)Vector<float>.Count;
        ref float c1 = ref Unsafe.Add(ref c, ldc); ref float c2 = ref Unsafe.Add(ref c, 2 * ldc); ref float c3 = ref Unsafe.Add(ref c, 3 * ldc);
        var c00 = Vector.LoadUnsafe(ref c); var c01 = Vector.LoadUnsafe(ref c, w);
        var c10 = Vector.LoadUnsafe(ref c1); var c11 = Vector.LoadUnsafe(ref c1, w);
        var c20 = Vector.LoadUnsafe(ref c2); var c21 = Vector.LoadUnsafe(ref c2, w);
        var c30 = Vector.LoadUnsafe(ref c3); var c31 = Vector.LoadUnsafe(ref c3, w);
        ref float a1 = ref Unsafe.Add(ref a, aRow); ref float a2 = ref Unsafe.Add(ref a, 2 * aRow); ref float a3 = ref Unsafe.Add(ref a, 3 * aRow);
        nint ka = 0, kb = 0;
        for (int k = 0; k < K; k++, ka += aCol, kb += ldb)
        {
            ref float bk = ref Unsafe.Add(ref b, kb);
            var b0 = Vector.LoadUnsafe(ref bk); var b1 = Vector.LoadUnsafe(ref bk, w);
            var x = new Vector<float>(Unsafe.Add(ref a, ka));
            c00 = MulAdd.Of(x, b0, c00); c01 = MulAdd.Of(x, b1, c01);
            x = new Vector<float>(Unsafe.Add(ref a1, ka));
            c10 = MulAdd.Of(x, b0, c10); c11 = MulAdd.Of(x, b1, c11);
            x = new Vector<float>(Unsafe.Add(ref a2, ka));
            c20 = MulAdd.Of(x, b0, c20); c21 = MulAdd.Of(x, b1, c21);
            x = new Vector<float>(Unsafe.Add(ref a3, ka));
            c30 = MulAdd.Of(x, b0, c30); c31 = MulAdd.Of(x, b1, c31);
        }
        c00.StoreUnsafe(ref c); c01.StoreUnsafe(ref c, w); c10.StoreUnsafe(ref c1); c11.StoreUnsafe(ref c1, w);
        c20.StoreUnsafe(ref c2); c21.StoreUnsafe(ref c2, w); c30.StoreUnsafe(ref c3); c31.StoreUnsafe(ref c3, w);
    }

    static void TileVector1x1(ref float c, ref float a, int aCol, ref float b, int ldb, int K)
    {
        var s = Vector.LoadUnsafe(ref c);
        nint ka = 0, kb = 0;
        for (int k = 0; k < K; k++, ka += aCol, kb += ldb)
            s = MulAdd.Of(new Vector<float>(Unsafe.Add(ref a, ka)), Vector.LoadUnsafe(ref Unsafe.Add(ref b, kb)), s);
        s.StoreUnsafe(ref c);
    }
}
