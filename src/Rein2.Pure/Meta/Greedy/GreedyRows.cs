// The two fused per-row passes of IncrementalGreedy (one observation row at a time), written once
// over a lane width (Kernels/FloatLanes.cs) with a scalar reference each:
//   Layer1   u = b1 + Σ_i x_i·W1[:,i] (stored), its positive mask, and t_a = Σ_j M_aj·relu(u_j) for
//            the bound (M = |W3|·|W2|), in one pass over the h first-layer units;
//   Heads    h2 = relu(z) and, for each of the (at most 4) outputs, q_a = Σ_o W3_ao·h2_o and
//            p_a = Σ_o |W3_ao|·h2_o, in one pass over the g second-layer units.
// Matrices with up to 4 output rows are padded to 4 rows (zeros), so every head is computed with no
// branch. u is one FMA chain per unit (b1, then i = 0, 1, …) on every path, so u and the mask equal
// the scalar reference exactly; the sums t, q, p are re-associated across lanes (compare with a
// tolerance).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

using Rein2.Pure.Nn;

namespace Rein2.Pure.Meta;

/// <summary>Fused per-row passes of the incremental greedy evaluator.</summary>
internal static class GreedyRows
{
    /// <summary>Output rows every head matrix is padded to.</summary>
    public const int Heads = 4;

    /// <summary>
    /// u[j] = v[d·h + j] + Σ_{i&lt;d} x[i]·v[i·h + j] (v: (d+1) rows of h: W1ᵀ then b1), bit j of mask
    /// = u[j] &gt; 0, and t[a] = Σ_j m4[a·h + j]·max(u[j], 0) for a &lt; 4.
    /// </summary>
    public static void Layer1(ReadOnlySpan<float> x, ReadOnlySpan<float> v, ReadOnlySpan<float> m4, int h,
                              Span<float> u, Span<ulong> mask, Span<float> t)
    {
        int d = x.Length;
        ThrowHelper.RequireLength(v.Length, (d + 1) * h, nameof(v)); ThrowHelper.RequireLength(m4.Length, Heads * h, nameof(m4));
        ThrowHelper.RequireLength(u.Length, h, nameof(u)); ThrowHelper.RequireLength(mask.Length, (h + 63) / 64, nameof(mask));
        ThrowHelper.RequireLength(t.Length, Heads, nameof(t));
        Layer1Width(x, v, m4, h, u, mask, t, BestWidth);
    }

    // The widest lane pack running in hardware here (1 = scalar).
    internal static int BestWidth => F16.IsAccelerated ? 16 : F8.IsAccelerated ? 8 : F4.IsAccelerated ? 4 : 1;

    internal static void Layer1Width(ReadOnlySpan<float> x, ReadOnlySpan<float> v, ReadOnlySpan<float> m4, int h,
                                     Span<float> u, Span<ulong> mask, Span<float> t, int width)
    {
        ref float v0 = ref MemoryMarshal.GetReference(v); ref float m0 = ref MemoryMarshal.GetReference(m4);
        if (width == 16) Layer1<F16>(x, ref v0, ref m0, h, u, mask, t);
        else if (width == 8) Layer1<F8>(x, ref v0, ref m0, h, u, mask, t);
        else if (width == 4) Layer1<F4>(x, ref v0, ref m0, h, u, mask, t);
        else Layer1Scalar(x, v, m4, h, u, mask, t);
    }

    /// <summary>Reference implementation of <see cref="Layer1"/>.</summary>
    public static void Layer1Scalar(ReadOnlySpan<float> x, ReadOnlySpan<float> v, ReadOnlySpan<float> m4, int h,
                                    Span<float> u, Span<ulong> mask, Span<float> t)
    {
        int d = x.Length;
        mask[..((h + 63) / 64)].Clear(); t[..Heads].Clear();
        for (int j = 0; j < h; j++) Unit(x, ref MemoryMarshal.GetReference(v), ref MemoryMarshal.GetReference(m4), h, d, j, u, mask, t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Unit(ReadOnlySpan<float> x, ref float v, ref float m4, int h, int d, int j, Span<float> u, Span<ulong> mask, Span<float> t)
    {
        float s = Unsafe.Add(ref v, d * h + j);
        for (int i = 0; i < d; i++) s = MulAdd.Of(x[i], Unsafe.Add(ref v, i * h + j), s);
        u[j] = s;
        if (s > 0f)
        {
            mask[j >> 6] |= 1UL << (j & 63);
            for (int a = 0; a < Heads; a++) t[a] += Unsafe.Add(ref m4, a * h + j) * s;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // generic over the lane struct: full optimisation (and inlining) from the first call
    static void Layer1<TV>(ReadOnlySpan<float> x, ref float v, ref float m4, int h, Span<float> u, Span<ulong> mask, Span<float> t)
        where TV : struct, IFloatLanes<TV>
    {
        int d = x.Length, W = TV.Count, j = 0;
        mask[..((h + 63) / 64)].Clear();
        TV t0 = default, t1 = default, t2 = default, t3 = default;
        ref float b1 = ref Unsafe.Add(ref v, d * h);
        ref float u0 = ref MemoryMarshal.GetReference(u);
        ulong bits = 0;
        for (; j + 2 * W <= h; j += 2 * W)
        {
            // two vectors of units at a time: independent FMA chains
            ref float bj = ref Unsafe.Add(ref b1, j);
            var s0 = TV.Load(ref bj); var s1 = TV.Load(ref Unsafe.Add(ref bj, W));
            for (int i = 0; i < d; i++)
            {
                var xi = TV.Splat(x[i]);
                ref float vi = ref Unsafe.Add(ref v, i * h + j);
                s0 = TV.Fma(xi, TV.Load(ref vi), s0); s1 = TV.Fma(xi, TV.Load(ref Unsafe.Add(ref vi, W)), s1);
            }
            s0.Store(ref Unsafe.Add(ref u0, j)); s1.Store(ref Unsafe.Add(ref u0, j + W));
            bits |= (TV.PositiveBits(s0) | TV.PositiveBits(s1) << W) << (j & 63);
            if (((j + 2 * W) & 63) == 0) { mask[j >> 6] = bits; bits = 0; }   // a mask word is complete
            var r0 = TV.Relu(s0); var r1 = TV.Relu(s1);
            ref float mj = ref Unsafe.Add(ref m4, j);
            t0 = TV.Fma(TV.Load(ref mj), r0, t0); t0 = TV.Fma(TV.Load(ref Unsafe.Add(ref mj, W)), r1, t0);
            t1 = TV.Fma(TV.Load(ref Unsafe.Add(ref mj, h)), r0, t1); t1 = TV.Fma(TV.Load(ref Unsafe.Add(ref mj, h + W)), r1, t1);
            t2 = TV.Fma(TV.Load(ref Unsafe.Add(ref mj, 2 * h)), r0, t2); t2 = TV.Fma(TV.Load(ref Unsafe.Add(ref mj, 2 * h + W)), r1, t2);
            t3 = TV.Fma(TV.Load(ref Unsafe.Add(ref mj, 3 * h)), r0, t3); t3 = TV.Fma(TV.Load(ref Unsafe.Add(ref mj, 3 * h + W)), r1, t3);
        }
        if ((j & 63) != 0) mask[j >> 6] = bits;
        t[0] = TV.Sum(t0); t[1] = TV.Sum(t1); t[2] = TV.Sum(t2); t[3] = TV.Sum(t3);
        for (; j < h; j++) Unit(x, ref v, ref m4, h, d, j, u, mask, t);
    }

    /// <summary>q[a] = Σ_o w4[a·g + o]·max(z[o], 0) and p[a] = Σ_o |w4[a·g + o]|·max(z[o], 0) for a &lt; 4.</summary>
    public static void Outputs(ReadOnlySpan<float> z, ReadOnlySpan<float> w4, Span<float> q, Span<float> p)
    {
        int g = z.Length;
        ThrowHelper.RequireLength(w4.Length, Heads * g, nameof(w4));
        ThrowHelper.RequireLength(q.Length, Heads, nameof(q)); ThrowHelper.RequireLength(p.Length, Heads, nameof(p));
        OutputsWidth(z, w4, q, p, BestWidth);
    }

    internal static void OutputsWidth(ReadOnlySpan<float> z, ReadOnlySpan<float> w4, Span<float> q, Span<float> p, int width)
    {
        ref float w0 = ref MemoryMarshal.GetReference(w4);
        if (width == 16) Outputs<F16>(z, ref w0, q, p);
        else if (width == 8) Outputs<F8>(z, ref w0, q, p);
        else if (width == 4) Outputs<F4>(z, ref w0, q, p);
        else OutputsScalar(z, w4, q, p);
    }

    /// <summary>Reference implementation of <see cref="Outputs"/>.</summary>
    public static void OutputsScalar(ReadOnlySpan<float> z, ReadOnlySpan<float> w4, Span<float> q, Span<float> p)
    {
        int g = z.Length;
        q[..Heads].Clear(); p[..Heads].Clear();
        for (int o = 0; o < g; o++) Output(z, ref MemoryMarshal.GetReference(w4), g, o, q, p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Output(ReadOnlySpan<float> z, ref float w4, int g, int o, Span<float> q, Span<float> p)
    {
        float r = MathF.Max(z[o], 0f);
        for (int a = 0; a < Heads; a++)
        {
            float w = Unsafe.Add(ref w4, a * g + o);
            q[a] += w * r; p[a] += MathF.Abs(w) * r;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Outputs<TV>(ReadOnlySpan<float> z, ref float w4, Span<float> q, Span<float> p) where TV : struct, IFloatLanes<TV>
    {
        int g = z.Length, W = TV.Count, o = 0;
        TV q0 = default, q1 = default, q2 = default, q3 = default, p0 = default, p1 = default, p2 = default, p3 = default;
        TV e0 = default, e1 = default, e2 = default, e3 = default, f0 = default, f1 = default, f2 = default, f3 = default;
        ref float z0 = ref MemoryMarshal.GetReference(z);
        // two vectors of units at a time into two sets of accumulators (shorter FMA chains)
        for (; o + 2 * W <= g; o += 2 * W)
        {
            var r = TV.Relu(TV.Load(ref Unsafe.Add(ref z0, o)));
            var s = TV.Relu(TV.Load(ref Unsafe.Add(ref z0, o + W)));
            ref float wo = ref Unsafe.Add(ref w4, o);
            var w = TV.Load(ref wo); q0 = TV.Fma(w, r, q0); p0 = TV.Fma(TV.Abs(w), r, p0);
            w = TV.Load(ref Unsafe.Add(ref wo, W)); e0 = TV.Fma(w, s, e0); f0 = TV.Fma(TV.Abs(w), s, f0);
            w = TV.Load(ref Unsafe.Add(ref wo, g)); q1 = TV.Fma(w, r, q1); p1 = TV.Fma(TV.Abs(w), r, p1);
            w = TV.Load(ref Unsafe.Add(ref wo, g + W)); e1 = TV.Fma(w, s, e1); f1 = TV.Fma(TV.Abs(w), s, f1);
            w = TV.Load(ref Unsafe.Add(ref wo, 2 * g)); q2 = TV.Fma(w, r, q2); p2 = TV.Fma(TV.Abs(w), r, p2);
            w = TV.Load(ref Unsafe.Add(ref wo, 2 * g + W)); e2 = TV.Fma(w, s, e2); f2 = TV.Fma(TV.Abs(w), s, f2);
            w = TV.Load(ref Unsafe.Add(ref wo, 3 * g)); q3 = TV.Fma(w, r, q3); p3 = TV.Fma(TV.Abs(w), r, p3);
            w = TV.Load(ref Unsafe.Add(ref wo, 3 * g + W)); e3 = TV.Fma(w, s, e3); f3 = TV.Fma(TV.Abs(w), s, f3);
        }
        for (; o + W <= g; o += W)
        {
            var r = TV.Relu(TV.Load(ref Unsafe.Add(ref z0, o)));
            var w = TV.Load(ref Unsafe.Add(ref w4, o)); q0 = TV.Fma(w, r, q0); p0 = TV.Fma(TV.Abs(w), r, p0);
            w = TV.Load(ref Unsafe.Add(ref w4, g + o)); q1 = TV.Fma(w, r, q1); p1 = TV.Fma(TV.Abs(w), r, p1);
            w = TV.Load(ref Unsafe.Add(ref w4, 2 * g + o)); q2 = TV.Fma(w, r, q2); p2 = TV.Fma(TV.Abs(w), r, p2);
            w = TV.Load(ref Unsafe.Add(ref w4, 3 * g + o)); q3 = TV.Fma(w, r, q3); p3 = TV.Fma(TV.Abs(w), r, p3);
        }
        q[0] = TV.Sum(q0 + e0); q[1] = TV.Sum(q1 + e1); q[2] = TV.Sum(q2 + e2); q[3] = TV.Sum(q3 + e3);
        p[0] = TV.Sum(p0 + f0); p[1] = TV.Sum(p1 + f1); p[2] = TV.Sum(p2 + f2); p[3] = TV.Sum(p3 + f3);
        for (; o < g; o++) Output(z, ref w4, g, o, q, p);
    }
}
