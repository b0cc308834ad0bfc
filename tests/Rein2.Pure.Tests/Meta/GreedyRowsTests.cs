// The fused per-row passes and the gather/affine kernels of the incremental evaluator against their
// scalar references, at every lane width and length 0 .. 3·16+1: u, the mask, the affine map and the
// gathered GEMM are exact (one FMA chain per element on every path); the sums within 1e-6·Σ|terms|.
using System.Runtime.InteropServices;
using Rein2.Pure.Meta;
using Rein2.Pure.Nn;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Meta;

public class GreedyRowsTests
{
    public static IEnumerable<object[]> LengthsAndWidths()
    {
        foreach (int w in new[] { 16, 8, 4, 1 })
            for (int n = 0; n <= 3 * 16 + 1; n++) yield return [n, w];
    }

    [Theory, MemberData(nameof(LengthsAndWidths))]
    public void Layer1MatchesScalarReference(int h, int width)
    {
        const int d = 3;
        var x = TestData.Uniform(d, 1); var v = TestData.Uniform((d + 1) * h, 2); var m4 = TestData.Uniform(GreedyRows.Heads * h, 3, 0, 1);
        var u = new Guarded(h); var uRef = new float[h];
        var mask = new ulong[(h + 63) / 64 + 1]; var maskRef = new ulong[mask.Length];
        var t = new float[4]; var tRef = new float[4];
        GreedyRows.Layer1Width(x, v, m4, h, u.Span, mask, t, width);
        GreedyRows.Layer1Scalar(x, v, m4, h, uRef, maskRef, tRef);
        Assert.Equal(uRef, u.Span.ToArray());
        Assert.Equal(maskRef, mask);
        for (int a = 0; a < 4; a++)
        {
            double scale = 0; for (int j = 0; j < h; j++) scale += Math.Abs(m4[a * h + j] * Math.Max(uRef[j], 0));
            Assert.True(Math.Abs(t[a] - tRef[a]) <= 1e-6 * scale + 1e-7, $"h={h} w={width} a={a}: {t[a]} vs {tRef[a]}");
        }
        u.AssertGuardsIntact();
    }

    [Theory, MemberData(nameof(LengthsAndWidths))]
    public void OutputsMatchScalarReference(int g, int width)
    {
        var z = TestData.Uniform(g, 4); var w4 = TestData.Uniform(GreedyRows.Heads * g, 5);
        var q = new float[4]; var p = new float[4]; var qRef = new float[4]; var pRef = new float[4];
        GreedyRows.OutputsWidth(z, w4, q, p, width);
        GreedyRows.OutputsScalar(z, w4, qRef, pRef);
        for (int a = 0; a < 4; a++)
        {
            double scale = 0; for (int o = 0; o < g; o++) scale += Math.Abs(w4[a * g + o] * Math.Max(z[o], 0));
            Assert.True(Math.Abs(q[a] - qRef[a]) <= 1e-6 * scale + 1e-7, $"q g={g} w={width}");
            Assert.True(Math.Abs(p[a] - pRef[a]) <= 1e-6 * scale + 1e-7, $"p g={g} w={width}");
        }
    }

    public static IEnumerable<object[]> LengthsAndPaths()
    {
        foreach (var path in TestData.AllPaths)
            for (int n = 0; n <= 3 * 16 + 1; n++) yield return [n, path];
    }

    [Theory, MemberData(nameof(LengthsAndPaths))]
    public void AffineMatchesScalarReferenceExactly(int n, SimdPath path)
    {
        const int d = 5; int stride = n + 3;
        var x = TestData.Uniform(d, 6); var a = TestData.Uniform((d + 1) * stride, 7);
        var y = new Guarded(n); var yRef = new float[n];
        Pure.Kernels.AffineScalar(yRef, a, stride, x);
        if (n > 0) Pure.Kernels.AffineUnchecked(ref MemoryMarshal.GetReference(y.Span), n, ref a[0], stride, x, path);
        Assert.Equal(yRef, y.Span.ToArray());
        y.AssertGuardsIntact();
    }

    [Theory, MemberData(nameof(LengthsAndPaths))]
    public void GemmGatherMatchesScalarReferenceExactly(int n, SimdPath path)
    {
        foreach (int M in new[] { 1, 3, 5, 7 })
        {
            int K = 1 + n % 9, ldb = n + 2, ldc = n + 1, lda = K + 1, bRows = 40;
            var rows = Enumerable.Range(0, K).Select(k => (k * 17 + n) % bRows).ToArray();
            var a = TestData.Uniform(M * lda, 8); var b = TestData.Uniform(bRows * ldb, 9);
            var c = new Guarded(TestData.Uniform(M * ldc, 10)); var cRef = c.Span.ToArray();
            Pure.Kernels.GemmGatherScalar(cRef, ldc, a, lda, b, ldb, rows, M, n);
            if (n > 0) Pure.Kernels.GemmGatherUnchecked(ref MemoryMarshal.GetReference(c.Span), ldc, ref a[0], lda, ref b[0], ldb, rows, M, n, path);
            Assert.Equal(cRef, c.Span.ToArray());
            c.AssertGuardsIntact();
        }
    }

    [Fact]
    public void GemmGatherRejectsRowsOutsideB()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Pure.Kernels.GemmGather(new float[4], 4, new float[1], 1, new float[8], 4, [2], 1, 4));
        Assert.Contains("Row 2", e.Message);
    }
}
