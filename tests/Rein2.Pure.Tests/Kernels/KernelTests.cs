// Every SIMD kernel against its scalar reference, for every length 0 .. 3·Vector512<float>.Count+1
// and every vector width (512, Vector<T>, scalar), in sentinel-guarded buffers. Tolerance: the SIMD
// versions sum in a different order (several accumulators), so results may differ by a few ulps of
// the sum of |terms|: we allow 1e-6·Σ|x·y| + 1e-7.
using System.Runtime.InteropServices;
using FsCheck.Xunit;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Kernels;

public class KernelTests
{
    public static IEnumerable<object[]> LengthsAndPaths()
    {
        foreach (var path in TestData.AllPaths)
            for (int n = 0; n <= 3 * 16 + 1; n++) yield return [n, path];
    }

    [Theory, MemberData(nameof(LengthsAndPaths))]
    public void DotMatchesScalarReference(int n, SimdPath path)
    {
        var x = new Guarded(TestData.Uniform(n, 1)); var y = new Guarded(TestData.Uniform(n, 2));
        float expected = Pure.Kernels.DotScalar(x.Span, y.Span);
        float actual = Pure.Kernels.DotUnchecked(ref MemoryMarshal.GetReference(x.Span), ref MemoryMarshal.GetReference(y.Span), n, path);
        double scale = 0; for (int i = 0; i < n; i++) scale += Math.Abs(x.Span[i] * y.Span[i]);
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * scale + 1e-7, $"n={n} {path}: {actual} vs {expected}");
        x.AssertGuardsIntact(); y.AssertGuardsIntact();
    }

    [Theory, MemberData(nameof(LengthsAndPaths))]
    public void AxpyMatchesScalarReference(int n, SimdPath path)
    {
        var x = new Guarded(TestData.Uniform(n, 3));
        var y = new Guarded(TestData.Uniform(n, 4));
        var expected = y.Span.ToArray();
        Pure.Kernels.AxpyScalar(expected, 0.37f, x.Span);
        Pure.Kernels.AxpyUnchecked(ref MemoryMarshal.GetReference(y.Span), 0.37f, ref MemoryMarshal.GetReference(x.Span), n, path);
        // both use one fused multiply-add per element: identical
        Assert.Equal(expected, y.Span.ToArray());
        x.AssertGuardsIntact(); y.AssertGuardsIntact();
    }

    [Property(MaxTest = 150)]
    public void GemmMatchesScalarReferenceOnEveryPath(byte mRaw, ushort nRaw, byte kRaw, bool transposedA, byte pathIndex, ulong seed)
    {
        int M = mRaw % 23, N = nRaw % 600, K = kRaw % 70; // N up to 599: covers the 1×256 row tiles
        var path = TestData.AllPaths[pathIndex % 3];
        int aRow = transposedA ? 1 : K, aCol = transposedA ? M : 1;
        int ldb = N + (int)(seed % 3), ldc = N + (int)(seed % 5);
        var a = new Guarded(TestData.Uniform(Math.Max(M * K, 1), seed));
        var b = new Guarded(TestData.Uniform(Math.Max(K * ldb, 1), seed + 1));
        var c = new Guarded(TestData.Uniform(Math.Max(M * ldc, 1), seed + 2));
        var expected = c.Span.ToArray();
        if (M > 0 && N > 0 && K > 0)
        {
            Pure.Kernels.GemmScalar(expected, ldc, a.Span, aRow, aCol, b.Span, ldb, M, N, K);
            Pure.Kernels.GemmUnchecked(ref MemoryMarshal.GetReference(c.Span), ldc, ref MemoryMarshal.GetReference(a.Span), aRow, aCol,
                                       ref MemoryMarshal.GetReference(b.Span), ldb, M, N, K, path);
        }
        for (int m = 0; m < M; m++)
            for (int n = 0; n < ldc && m * ldc + n < c.Length; n++)
            {
                float got = c.Span[m * ldc + n], want = expected[m * ldc + n];
                Assert.True(Math.Abs(got - want) <= 1e-6 * (K + 1) + 1e-6 * Math.Abs(want), $"M={M} N={N} K={K} {path} C[{m},{n}] {got} vs {want}");
            }
        a.AssertGuardsIntact(); b.AssertGuardsIntact(); c.AssertGuardsIntact();
    }

    [Fact]
    public void GemmRejectsSpansThatAreTooShort()
    {
        var e = Assert.Throws<ArgumentException>(() => Pure.Kernels.Gemm(new float[5], 3, new float[6], 3, 1, new float[9], 3, 2, 3, 3));
        Assert.Contains("c has length 5", e.Message);
    }
}

public class TanhKernelTests
{
    public static IEnumerable<object[]> Paths() => TestData.AllPaths.Select(p => new object[] { p });

    // Vector tanh against MathF.Tanh: ≤ 1e-6 relative + 1e-7 absolute (about 10 float32 ulps), over
    // the series/exp switch at 1/16, saturation, signed zeros, ±∞ and NaN, for every length remainder.
    [Theory, MemberData(nameof(Paths))]
    public void TanhMatchesMathFTanh(SimdPath path)
    {
        var values = new List<float> { 0f, -0f, 1e-30f, -1e-8f, 0.0624999f, 0.0625f, -0.0625001f, 0.5f, -1f, 3f, 9.1f, -20f, 88f,
                                        float.PositiveInfinity, float.NegativeInfinity, float.NaN };
        values.AddRange(TestData.Uniform(997, 11, -6, 6));
        values.AddRange(TestData.Uniform(301, 12, -0.1, 0.1));
        var x = new Guarded(values.ToArray());
        Pure.Kernels.TanhUnchecked(ref MemoryMarshal.GetReference(x.Span), x.Length, path);
        for (int i = 0; i < values.Count; i++)
        {
            float want = MathF.Tanh(values[i]), got = x.Span[i];
            if (float.IsNaN(want)) { Assert.True(float.IsNaN(got), $"tanh(NaN) gave {got}"); continue; }
            Assert.True(Math.Abs(got - want) <= 1e-6 * Math.Abs(want) + 1e-7, $"{path} tanh({values[i]:R}) = {got:R}, expected {want:R}");
        }
        x.AssertGuardsIntact();
    }

    // the one vector body at every width, 128-bit lanes included (what x86-64-v2 and ARM64 run):
    // whole packs only, each within the tolerance, the rest left for the scalar tail (issue 31)
    [Fact]
    public void TheTanhBodyIsRightAtEveryWidthAndLength()
    {
        var values = TestData.Uniform(67, 13, -6, 6).Concat([0f, -0f, 0.0625f, 20f]).ToArray();
        for (int n = 0; n <= values.Length; n++)
            foreach (var (width, run) in new (int, Func<float[], int, int>)[]
            {
                (4, (x, len) => Pure.Kernels.TanhVectors<F4>(ref MemoryMarshal.GetArrayDataReference(x), len, 0)),
                (8, (x, len) => Pure.Kernels.TanhVectors<F8>(ref MemoryMarshal.GetArrayDataReference(x), len, 0)),
                (16, (x, len) => Pure.Kernels.TanhVectors<F16>(ref MemoryMarshal.GetArrayDataReference(x), len, 0)),
            })
            {
                if (width == 8 && !System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated || width == 16 && !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) continue;
                var x = values[..n];
                int done = run(x, n);
                Assert.Equal(n - n % width, done);
                for (int i = 0; i < n; i++)
                {
                    float want = i < done ? MathF.Tanh(values[i]) : values[i];
                    Assert.True(Math.Abs(x[i] - want) <= 1e-6 * Math.Abs(want) + 1e-7, $"width {width}, n {n}: [{i}] = {x[i]:R}, expected {want:R}");
                }
            }
    }

    // a dense sweep (every 2^-12 over [−12, 12]) through the exp-based branch and its own exp
    [Theory, MemberData(nameof(Paths))]
    public void TanhDenseSweep(SimdPath path)
    {
        var x = Enumerable.Range(-12 * 4096, 24 * 4096 + 1).Select(i => i / 4096f).ToArray();
        var want = x.Select(MathF.Tanh).ToArray();
        Pure.Kernels.TanhUnchecked(ref x[0], x.Length, path);
        double worst = 0;
        for (int i = 0; i < x.Length; i++) worst = Math.Max(worst, Math.Abs(x[i] - want[i]) / (Math.Abs(want[i]) + 1e-1));
        Assert.True(worst <= 1e-6, $"{path}: worst relative error {worst}");
    }

    [Fact]
    public void TransposeMatchesNaiveLoop()
    {
        int[] sizes = [0, 1, 3, 7, 8, 9, 15, 16, 17, 24, 31, 33, 64, 67];
        foreach (int rows in sizes)
            foreach (int cols in sizes)
            {
                var src = TestData.Uniform(rows * cols, (ulong)(rows * 100 + cols));
                var a = new float[rows * cols]; var b = new float[rows * cols];
                Pure.Kernels.Transpose(a, src, rows, cols);
                Pure.Kernels.TransposeScalar(b, src, rows, cols);
                Assert.Equal(b, a);
            }
    }
}

public class GemmNTTests
{
    [Property(MaxTest = 120)]
    public void GemmNTMatchesScalarReferenceOnEveryPath(byte mRaw, byte nRaw, ushort kRaw, byte pathIndex, ulong seed)
    {
        int M = mRaw % 19, N = nRaw % 23, K = kRaw % 300;
        var path = TestData.AllPaths[pathIndex % 3];
        int lda = K + (int)(seed % 3), ldb = K + (int)(seed % 4), ldc = N + (int)(seed % 5);
        var a = new Guarded(TestData.Uniform(Math.Max(M * lda, 1), seed));
        var b = new Guarded(TestData.Uniform(Math.Max(N * ldb, 1), seed + 1));
        var c = new Guarded(TestData.Uniform(Math.Max(M * ldc, 1), seed + 2));
        var expected = c.Span.ToArray();
        if (M > 0 && N > 0 && K > 0)
        {
            Pure.Kernels.GemmNTScalar(expected, ldc, a.Span, lda, b.Span, ldb, M, N, K);
            Pure.Kernels.GemmNTUnchecked(ref MemoryMarshal.GetReference(c.Span), ldc, ref MemoryMarshal.GetReference(a.Span), lda,
                                         ref MemoryMarshal.GetReference(b.Span), ldb, M, N, K, path);
        }
        for (int i = 0; i < c.Length; i++)
            Assert.True(Math.Abs(c.Span[i] - expected[i]) <= 1e-6 * (K + 1) + 1e-6 * Math.Abs(expected[i]), $"M={M} N={N} K={K} {path} C[{i}] {c.Span[i]} vs {expected[i]}");
        a.AssertGuardsIntact(); b.AssertGuardsIntact(); c.AssertGuardsIntact();
    }
}
