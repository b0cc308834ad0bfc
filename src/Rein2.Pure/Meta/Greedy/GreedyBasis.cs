// The affine map of IncrementalGreedy's second layer for a fixed set S of active first-layer units:
//   z = W2·relu(W1 x + b1) + b2 = A_S x + c_S,  A_S = Σ_{j∈S} W2[:,j] ⊗ W1[j,:],  c_S = b2 + Σ_{j∈S} b1_j W2[:,j],
// stored (d+1)×g (rows A_S[:,i]ᵀ, then c_S). One shared base A_B is built for the active set B of
// the first observation of a batch of trajectories; each lane uses it until its own set drifts
// more than h/4 units from the set its A was built for, then folds the difference into its own copy
// (or, once folds have rounded its entries too often, rebuilds it exactly). Every A carries the count
// of roundings its entries went through, which the error bound charges (docs/rein2.md).
using System.Numerics;
using System.Runtime.Intrinsics;

using Rein2.Pure.Nn;

namespace Rein2.Pure.Meta;

/// <summary>The base A_B and the lanes' own A, with their active sets and rounding counts.</summary>
internal sealed class GreedyBasis
{
    const int BaseChunk = 16;                      // units per float32 partial sum of an exactly built A
    /// <summary>Roundings of an exactly built A's entries: one per chunk sum, plus the final one.</summary>
    public const int BaseRoundings = BaseChunk + 1;
    const int FoldLimit = 128;                     // roundings a folded A may reach before it is rebuilt

    readonly GreedyWeights _w;
    readonly int _rebaseAt;                        // a lane differing from its A in more units than this folds
    readonly AlignedFloats _baseA, _laneA;
    readonly float[] _chunk, _coef;
    readonly double[] _baseSum;
    readonly int[] _units;
    readonly ulong[] _baseMask, _laneMask;         // the active set each A is for; lanes: (lanes, words)
    readonly int[] _laneRoundings;                 // 0: the lane takes the base at its next step
    readonly bool[] _laneOwn;                      // the lane has its own A (else it reads the base)
    bool _baseValid;

    public GreedyBasis(GreedyWeights weights, int lanes)
    {
        _w = weights;
        int d1 = _w.D + 1, g = _w.G, h = _w.H;
        _baseA = new AlignedFloats(d1 * g); _chunk = new float[d1 * g]; _baseSum = new double[d1 * g]; _baseMask = new ulong[_w.Words];
        _laneA = new AlignedFloats(lanes * d1 * g); _laneMask = new ulong[lanes * _w.Words];
        _laneRoundings = new int[lanes]; _laneOwn = new bool[lanes];
        _coef = new float[d1 * h]; _units = new int[h];
        _rebaseAt = Math.Max(1, h / 4);
    }

    /// <summary>Times a lane drifted so far from its A that it folded or rebuilt it.</summary>
    public long Folded { get; private set; }

    /// <summary>New trajectories: the next <see cref="Prepare"/> builds a new base for its active set.</summary>
    public void Invalidate() => _baseValid = false;

    /// <summary>
    /// The A for <paramref name="lane"/> whose current active set is <paramref name="mask"/>: the base
    /// (built now if this is the batch's first step), or the lane's own after a fold or rebuild.
    /// Writes the units where the set differs from the one A is for into <paramref name="diff"/> and
    /// returns their count and the roundings A's entries went through.
    /// </summary>
    public Span<float> Prepare(int lane, ReadOnlySpan<ulong> mask, Span<ulong> diff, out int nD, out int roundings)
    {
        int words = _w.Words, d1 = _w.D + 1, g = _w.G;
        if (!_baseValid) BuildBase(mask);
        var laneMask = _laneMask.AsSpan(lane * words, words);
        if (_laneRoundings[lane] == 0) { _baseMask.CopyTo(laneMask); _laneRoundings[lane] = BaseRoundings; _laneOwn[lane] = false; }
        nD = 0;
        for (int w = 0; w < words; w++) nD += BitOperations.PopCount(mask[w] ^ laneMask[w]);
        if (nD > _rebaseAt) { Rebase(lane, mask, laneMask, nD); nD = 0; }
        for (int w = 0; w < words; w++) diff[w] = mask[w] ^ laneMask[w];
        roundings = _laneRoundings[lane];
        return _laneOwn[lane] ? _laneA.Span.Slice(lane * d1 * g, d1 * g) : _baseA.Span;
    }

    // A_B for the current mask (the first observation): the shared base of every lane.
    void BuildBase(ReadOnlySpan<ulong> mask)
    {
        BuildExact(_baseA.Span, mask);
        mask.CopyTo(_baseMask);
        Array.Clear(_laneRoundings);
        _baseValid = true;
    }

    // A for a mask: c = b2 + Σ_{j∈S} b1_j W2[:,j] and A[:,i] = Σ_{j∈S} W1_ji W2[:,j] — float32 GEMMs
    // over chunks of 16 active units, summed in double and rounded once: ≤ 16 + 1 roundings per entry
    // (BaseRoundings).
    void BuildExact(Span<float> target, ReadOnlySpan<ulong> mask)
    {
        int d1 = _w.D + 1, h = _w.H, g = _w.G, f = 0;
        var v = _w.V.Span;
        for (int w = 0; w < _w.Words; w++)
            for (ulong bits = mask[w]; bits != 0; bits &= bits - 1) _units[f++] = w * 64 + BitOperations.TrailingZeroCount(bits);
        for (int i = 0; i < d1; i++)
            for (int c = 0; c < f; c++) _coef[i * h + c] = v[i * h + _units[c]];
        Array.Clear(_baseSum);
        for (int c0 = 0; c0 < f; c0 += BaseChunk)
        {
            Array.Clear(_chunk);
            Kernels.GemmGatherUnchecked(ref _chunk[0], g, ref _coef[c0], h, ref _w.W2t[0], g, _units.AsSpan(c0, Math.Min(BaseChunk, f - c0)), d1, g);
            AddWidened(_baseSum, _chunk);
        }
        AddWidened(_baseSum.AsSpan(_w.D * g, g), _w.B2);
        for (int e = 0; e < target.Length; e++) target[e] = (float)_baseSum[e];
    }

    // sum[i] += x[i] in double (exact: a float widens exactly; one rounding per add).
    static void AddWidened(Span<double> sum, ReadOnlySpan<float> x)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= x.Length; i += 16)
            {
                var (lo, hi) = Vector512.Widen(Vector512.Create(x.Slice(i, 16)));
                (Vector512.Create(sum.Slice(i, 8)) + lo).CopyTo(sum.Slice(i, 8));
                (Vector512.Create(sum.Slice(i + 8, 8)) + hi).CopyTo(sum.Slice(i + 8, 8));
            }
        else if (Vector.IsHardwareAccelerated)
            for (int w = Vector<float>.Count; i + w <= x.Length; i += w)
            {
                Vector.Widen(new Vector<float>(x.Slice(i, w)), out var lo, out var hi);
                (new Vector<double>(sum.Slice(i, w / 2)) + lo).CopyTo(sum.Slice(i, w / 2));
                (new Vector<double>(sum.Slice(i + w / 2, w / 2)) + hi).CopyTo(sum.Slice(i + w / 2, w / 2));
            }
        for (; i < x.Length; i++) sum[i] += x[i];
    }

    // A lane whose active set drifted far from its A (> h/4 units) folds the difference into its own
    // copy: A += ±(W1[j,:], b1_j) ⊗ W2[:,j] for each differing unit (+ on, − off), one gathered GEMM
    // (one rounding per entry per unit). Once the roundings would pass FoldLimit — the bound's m·u
    // term grows with every fold — it rebuilds its A exactly for its current set instead.
    void Rebase(int lane, ReadOnlySpan<ulong> mask, Span<ulong> laneMask, int nD)
    {
        int f = 0, h = _w.H, g = _w.G, d1 = _w.D + 1;
        var A = _laneA.Span.Slice(lane * d1 * g, d1 * g);
        var v = _w.V.Span;
        Folded++;
        if (_laneRoundings[lane] + nD > FoldLimit)
        {
            BuildExact(A, mask);
            mask.CopyTo(laneMask);
            _laneOwn[lane] = true;
            _laneRoundings[lane] = BaseRoundings;
            return;
        }
        if (!_laneOwn[lane]) { _baseA.Span.CopyTo(A); _laneOwn[lane] = true; }
        for (int w = 0; w < _w.Words; w++)
        {
            for (ulong diff = mask[w] ^ laneMask[w]; diff != 0; diff &= diff - 1)
            {
                int j = w * 64 + BitOperations.TrailingZeroCount(diff);
                bool on = (mask[w] >> (j & 63) & 1) != 0;
                for (int i = 0; i < d1; i++) _coef[i * h + f] = on ? v[i * h + j] : -v[i * h + j];
                _units[f++] = j;
            }
            laneMask[w] = mask[w];
        }
        Kernels.GemmGatherUnchecked(ref A[0], g, ref _coef[0], h, ref _w.W2t[0], g, _units.AsSpan(0, f), d1, g);
        _laneRoundings[lane] += f;
    }
}
