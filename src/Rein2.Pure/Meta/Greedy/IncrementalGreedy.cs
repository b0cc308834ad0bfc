// Greedy actions of a ReLU Q-network with two hidden layers, obs (d) → h → g → k, along trajectories
// (one per lane), at a fraction of the dense cost and provably equal to the dense float32 network's.
//
// THE IDEA. Once the set S of active first-layer units is fixed, the second layer is affine in the
// observation, z = A_S x + c_S (GreedyBasis.cs). Along a trajectory consecutive observations are
// close, so the active set drifts slowly from the one at the start (on random REIN-2 agents, 48 of 256
// units differ from the start in CartPole — of its 17 switches per step 60 % switch back the next
// step —, 20 in Acrobot, 7 in MountainCar). So a step computes
//   z = A_B x + c_B + Σ_{j ∈ S Δ B} ±W2[:,j]·u_j      (+ for units on now, − for units that went off)
// — g multiply-adds per differing unit instead of the dense h·g (65,536 for the Zoo's [256, 256]).
//
// WHY THE ACTION IS EXACTLY THE DENSE ONE. The shortcut rounds differently from a dense forward pass,
// so each Q-value carries a forward error bound E_a (Higham's γ_n, valid for any summation order, with
// or without FMA); its weight-only parts are kept up to date as weights change (GreedyBoundSums.cs).
// If the best action beats every other by more than E_best + E_b, every float32 evaluation order
// (ours, PyTorch's) picks it; otherwise the step falls back to the plain dense forward pass (what
// `rein2 eval` and an embedded agent run), so the result is the dense network's in every case. The
// derivation of E_a is in docs/rein2.md, "Why the certified action is exactly the dense one".
//
// This file is the step: the first layer and the active set (GreedyRows), the lane's A (GreedyBasis),
// the corrections (four rows at a time as one gathered GEMM), the outputs, and Decide.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

using Rein2.Pure.Nn;

namespace Rein2.Pure.Meta;

/// <summary>Incremental, certified greedy inference of a two-hidden-layer ReLU MLP over lanes of trajectories.</summary>
internal sealed class IncrementalGreedy
{
    const double U32 = 1.0 / (1 << 24);          // unit roundoff of float32
    readonly Mlp _net;                             // the dense network (fallback) — kept in sync by the owner
    readonly GreedyWeights _w;
    readonly GreedyBoundSums _sums;
    readonly GreedyBasis _basis;
    readonly int _d, _h, _g, _k, _words;
    readonly double _gammaH, _gammaOut, _kappa0;   // γ_{h+1}, γ_{g+1}, κ without its m·u term
    bool _dirty = true;                            // weights changed since the bound's sums were rounded
    // scratch
    readonly float[] _coef, _coef4, _heads, _absHeads, _tight;
    readonly ulong[] _mask;
    readonly int[] _rowsD;
    // per row of the last Act: u, q, |W3|·h2, the tight sums, the correction count, the lane's A
    // roundings, the active set and its difference from the lane's A, z
    float[] _u = [], _q = [], _p = [], _rs = [];
    int[] _nD = [], _mRows = [];
    ulong[] _maskRows = [], _diffRows = [];
    AlignedFloats _zRows = new(0);

    /// <summary>Lanes (independent trajectories) this instance tracks.</summary>
    public int Lanes { get; }
    /// <summary>Steps whose action the bound certified.</summary>
    public long Certified { get; private set; }
    /// <summary>Steps that fell back to the dense forward pass.</summary>
    public long FellBack { get; private set; }
    /// <summary>Correction terms (units whose state differs from the lane's A_B) summed so far.</summary>
    public long Corrections { get; private set; }
    /// <summary>Times a lane drifted so far from its A that it folded or rebuilt it.</summary>
    public long Folded => _basis.Folded;

    /// <summary>True for layouts the shortcut handles: exactly two ReLU hidden layers, an identity output, at most 4 actions.</summary>
    public static bool Supports(MlpLayout layout) =>
        layout.LayerCount == 3 && layout.Hidden == Activation.Relu && layout.Output == Activation.Identity && layout.OutputSize <= GreedyRows.Heads;

    /// <summary>Mirrors <paramref name="net"/> (call <see cref="SetParameter"/> or <see cref="Refresh"/> on every change).</summary>
    public IncrementalGreedy(Mlp net, int lanes)
    {
        if (!Supports(net.Layout)) throw new ArgumentException($"IncrementalGreedy needs obs → ReLU → ReLU → identity with at most {GreedyRows.Heads} actions; got {net.Layout}.", nameof(net));
        ThrowHelper.RequirePositive(lanes, nameof(lanes));
        _net = net; Lanes = lanes;
        _w = new GreedyWeights(net.Layout);
        _sums = new GreedyBoundSums(_w);
        _basis = new GreedyBasis(_w, lanes);
        _d = _w.D; _h = _w.H; _g = _w.G; _k = _w.K; _words = _w.Words;
        int d1 = _d + 1;
        _coef = new float[d1 * _h]; _coef4 = new float[4 * _h];
        _heads = new float[GreedyRows.Heads]; _absHeads = new float[GreedyRows.Heads]; _tight = new float[GreedyRows.Heads];
        _mask = new ulong[_words]; _rowsD = new int[_h];
        _gammaH = Gamma(_h + 1); _gammaOut = Gamma(_g + 1);
        _kappa0 = 3 * Gamma(d1) + 2 * _gammaH * Gamma(d1) + Gamma(_d + 2);
        _net.EnsureCapacity(1);
        Refresh(net.Parameters);
    }

    /// <summary>Re-reads every parameter from a flat buffer in the network's layout.</summary>
    public void Refresh(ReadOnlySpan<float> flat)
    {
        _sums.MarkStale();                         // the bound's sums are recomputed in full, not updated
        for (int i = 0; i < flat.Length; i++) SetParameter(i, flat[i]);
    }

    /// <summary>Sets the parameters at flat indices <paramref name="indices"/>, as <see cref="SetParameter"/> one by one.</summary>
    public void SetParameters(ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
    {
        ThrowHelper.RequireSameLength(indices.Length, values.Length, nameof(indices), nameof(values));
        const int Ahead = 8;
        for (int i = 0; i < indices.Length; i++)
        {
            if (i + Ahead < indices.Length) PrefetchW2(indices[i + Ahead]);
            SetParameter(indices[i], values[i]);
        }
    }

    // Asks for the W2ᵀ entry a later SetParameter reads (its old value) ahead of time: REIN-2's RBV
    // indices are sorted in the flat layout, but their transposed positions are scattered over 256 KB,
    // and waiting for that read was most of a SetParameter.
    unsafe void PrefetchW2(int index)
    {
        int r = index - _net.Layout.WeightOffset(1);
        if (!Sse.IsSupported || (uint)r >= (uint)(_h * _g)) return;
        Sse.Prefetch0(Unsafe.AsPointer(ref _w.W2t[(r % _h) * _g + r / _h]));   // pinned: the address is stable
    }

    /// <summary>Sets the parameter at flat index <paramref name="index"/> (the network's layout).</summary>
    public void SetParameter(int index, float value)
    {
        var L = _net.Layout;
        if ((uint)index >= (uint)L.ParameterCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"Parameter index must be in [0, {L.ParameterCount}).");
        _dirty = true;
        if (!float.IsFinite(value)) _sums.MarkStale(); // NaN/∞ would stay in the running sums: recompute instead
        int h = _h, g = _g, d = _d;
        if (index < L.WeightOffset(1))
        {
            // W1[j,i] → V[i,j], b1[j] → V[d,j]
            int i, j;
            if (index < L.BiasOffset(0)) { int r = index - L.WeightOffset(0); i = r % d; j = r / d; }
            else { i = d; j = index - L.BiasOffset(0); }
            _sums.BeforeV(i, j, value);
            _w.V[i * h + j] = value;
        }
        else if (index < L.BiasOffset(1))
        {
            int r = index - L.WeightOffset(1), o = r / h, j = r % h;
            _sums.BeforeW2(o, j, value);
            _w.W2t[j * g + o] = value;
        }
        else if (index < L.WeightOffset(2))
        {
            int o = index - L.BiasOffset(1);
            _sums.BeforeB2(o, value);
            _w.B2[o] = value;
        }
        else if (index < L.BiasOffset(2))
        {
            int at = index - L.WeightOffset(2), k = at / g, o = at % g;
            _sums.BeforeW3(k, o, value);
            _w.W3[at] = value; _w.AbsW3[at] = MathF.Abs(value);
        }
        else _w.B3[index - L.BiasOffset(2)] = value;
    }

    /// <summary>Starts a new trajectory in every lane (the next <see cref="Act"/> of a lane rebuilds its state).</summary>
    public void BeginTrajectories()
    {
        RoundSumsIfDirty();
        _basis.Invalidate();
    }

    void RoundSumsIfDirty()
    {
        if (!_dirty) return;
        _sums.Round();
        _dirty = false;
    }

    /// <summary>
    /// Greedy actions for <paramref name="rows"/> observations (rows, d); row r continues the
    /// trajectory of lane <paramref name="laneOf"/>[r]. Call <see cref="BeginTrajectories"/> first
    /// and after every weight change. Equal to argmax of the dense network's Q for every row.
    /// </summary>
    public void Act(ReadOnlySpan<float> observations, int rows, ReadOnlySpan<int> laneOf, Span<int> actions)
    {
        ThrowHelper.RequireLength(observations.Length, rows * _d, nameof(observations));
        ThrowHelper.RequireLength(laneOf.Length, rows, nameof(laneOf));
        ThrowHelper.RequireLength(actions.Length, rows, nameof(actions));
        if (_dirty) throw new InvalidOperationException("The weights changed since BeginTrajectories; call it again before acting.");
        for (int r = 0; r < rows; r++)
            if ((uint)laneOf[r] >= (uint)Lanes) throw new ArgumentOutOfRangeException(nameof(laneOf), laneOf[r], $"Lane must be in [0, {Lanes}).");
        Forward(observations, rows, laneOf);
        for (int r = 0; r < rows; r++)
        {
            var x = observations.Slice(r * _d, _d);
            int a = Decide(x, r);
            if (a >= 0) { actions[r] = a; Certified++; }
            else { actions[r] = Categorical.ArgMax(_net.Forward(x, 1)); FellBack++; }
        }
    }

    // u, the active sets, h2 = relu(A_B x + c_B + corrections), q and the bound's sums for every row,
    // in three passes: per row the first layer and the affine part; the corrections four rows at a
    // time; per row the outputs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first evaluation on: skip the slow JIT tiers
    void Forward(ReadOnlySpan<float> x, int rows, ReadOnlySpan<int> laneOf)
    {
        int d = _d, h = _h, g = _g, k = _k, words = _words;
        if (_u.Length < rows * h)
        {
            _u = new float[rows * h]; _q = new float[rows * k]; _p = new float[rows * k]; _rs = new float[rows * k];
            _nD = new int[rows]; _mRows = new int[rows]; _maskRows = new ulong[rows * words]; _diffRows = new ulong[rows * words];
            _zRows = new AlignedFloats(rows * g);
        }
        var w3b2 = _sums.W3AbsB2;
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * d, d);
            // LAYER 1: u = b1 + W1·x, its active set, and the bound's tight sums Σ_j M_aj relu(u_j)
            GreedyRows.Layer1Width(xr, _w.V.Span, _sums.M.Span, h, _u.AsSpan(r * h, h), _mask, _tight, GreedyRows.BestWidth);
            for (int a = 0; a < k; a++) _rs[r * k + a] = w3b2[a] + _tight[a];
            // LAYER 2: the lane's A (the shared base until it rebases) and the units that differ
            _mask.CopyTo(_maskRows.AsSpan(r * words, words));
            var A = _basis.Prepare(laneOf[r], _mask, _diffRows.AsSpan(r * words, words), out _nD[r], out _mRows[r]);
            // z = c_B + Σ_i x_i·A_B[:,i] (the corrections follow)
            Kernels.AffineUnchecked(ref _zRows[r * g], g, ref A[0], g, xr);
        }
        // z += Σ_{j ∈ S Δ B} ±û_j·W2[:,j]
        int r0 = 0;
        for (; r0 + 4 <= rows; r0 += 4) CorrectFour(r0);
        for (; r0 < rows; r0++) CorrectOne(r0);
        // OUTPUT: q_a = b3_a + W3_a·relu(z) and, for the bound, p_a = |W3_a|·relu(z)
        for (int r = 0; r < rows; r++)
        {
            GreedyRows.OutputsWidth(_zRows.Span.Slice(r * g, g), _w.W3.Span, _heads, _absHeads, GreedyRows.BestWidth);
            for (int a = 0; a < k; a++) { _q[r * k + a] = _w.B3[a] + _heads[a]; _p[r * k + a] = _absHeads[a]; }
        }
    }

    // +û_j for a unit now on, −û_j for one now off, +0 where the unit is not among the row's
    // differing ones: the sign bit flipped and the value masked without a branch (which unit
    // switched is a coin toss for the branch predictor).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Coefficient(float u, ulong mask, ulong diff, int bit)
    {
        uint off = (uint)(~mask >> bit) & 1, keep = 0u - (uint)((diff >> bit) & 1);
        return BitConverter.UInt32BitsToSingle((BitConverter.SingleToUInt32Bits(u) ^ (off << 31)) & keep);
    }

    // The corrections of rows r0..r0+3 as one gathered GEMM over the union of their differing units:
    // each W2 row is read once for all four (the pass is bound by streaming W2 rows from L2), a row
    // gets coefficient +0 for a unit it does not need. fma(+0, w, z) = z for finite w, and each row's
    // other terms come in the same (ascending unit) order as in CorrectOne, so its z is the same
    // to the bit (a zero's sign aside) — and its bound's correction count n_D its own.
    void CorrectFour(int r0)
    {
        int h = _h, g = _g, words = _words, f = 0;
        for (int w = 0; w < words; w++)
        {
            int at = r0 * words + w;
            ulong d0 = _diffRows[at], d1 = _diffRows[at + words], d2 = _diffRows[at + 2 * words], d3 = _diffRows[at + 3 * words];
            ulong m0 = _maskRows[at], m1 = _maskRows[at + words], m2 = _maskRows[at + 2 * words], m3 = _maskRows[at + 3 * words];
            for (ulong any = d0 | d1 | d2 | d3; any != 0; any &= any - 1)
            {
                int bit = BitOperations.TrailingZeroCount(any), j = w * 64 + bit;
                _coef4[f] = Coefficient(_u[r0 * h + j], m0, d0, bit);
                _coef4[h + f] = Coefficient(_u[(r0 + 1) * h + j], m1, d1, bit);
                _coef4[2 * h + f] = Coefficient(_u[(r0 + 2) * h + j], m2, d2, bit);
                _coef4[3 * h + f] = Coefficient(_u[(r0 + 3) * h + j], m3, d3, bit);
                _rowsD[f++] = j;
            }
        }
        if (f == 0) return;
        Kernels.GemmGatherUnchecked(ref _zRows[r0 * g], g, ref _coef4[0], h, ref _w.W2t[0], g, _rowsD.AsSpan(0, f), 4, g);
        Corrections += _nD[r0] + _nD[r0 + 1] + _nD[r0 + 2] + _nD[r0 + 3];
    }

    void CorrectOne(int r)
    {
        if (_nD[r] == 0) return;
        int h = _h, g = _g, words = _words, f = 0;
        for (int w = 0; w < words; w++)
        {
            ulong diff = _diffRows[r * words + w], mask = _maskRows[r * words + w];
            for (ulong bits = diff; bits != 0; bits &= bits - 1)
            {
                int bit = BitOperations.TrailingZeroCount(bits), j = w * 64 + bit;
                _coef[f] = Coefficient(_u[r * h + j], mask, diff, bit);
                _rowsD[f++] = j;
            }
        }
        Kernels.GemmGatherUnchecked(ref _zRows[r * g], g, ref _coef[0], h, ref _w.W2t[0], g, _rowsD.AsSpan(0, f), 1, g);
        Corrections += f;
    }

    static double Gamma(int n) => n * U32 / (1 - n * U32);

    // The certified greedy action of row r, or −1 when the bound cannot separate the best action.
    int Decide(ReadOnlySpan<float> x, int r)
    {
        var q = _q.AsSpan(r * _k, _k);
        double kappa = Kappa(r);
        int best = Categorical.ArgMax(q);
        double eBest = Bound(best, x, r, kappa), qBest = q[best];
        for (int b = 0; b < _k; b++)
            if (b != best && !(qBest - q[b] > eBest + Bound(b, x, r, kappa))) return -1;
        return best;
    }

    // κ for row r: the roundings of its lane's A when it acted and its correction terms (docs/rein2.md).
    double Kappa(int r) => _kappa0 + (_mRows[r] + _nD[r] + 1) * U32;

    // E_a = 1.01·(2γ_{g+1}(|b3_a| + |W3_a|·h2) + (1 + γ_{g+1})·(γ_{h+1}·|W3_a|r^S + κ·|W3_a|r)) (docs/rein2.md).
    double Bound(int a, ReadOnlySpan<float> x, int r, double kappa)
    {
        int d = _d, d1 = d + 1;
        var u = _sums.U;
        double all = u[a * d1 + d];
        for (int i = 0; i < d; i++) all += u[a * d1 + i] * (double)MathF.Abs(x[i]);
        double layer2 = _gammaH * _rs[r * _k + a] + kappa * all;
        return 1.01 * (2 * _gammaOut * (MathF.Abs(_w.B3[a]) + (double)_p[r * _k + a]) + (1 + _gammaOut) * layer2);
    }

    /// <summary>The bound's weight-only sums T (d+1, g), M (k, h) and |W3|·|b2| (k) as the next evaluation uses them (tests).</summary>
    internal (float[] T, float[] M, float[] W3AbsB2) BoundSums()
    {
        RoundSumsIfDirty();
        return (_sums.T.ToArray(), _sums.M.Span[..(_k * _h)].ToArray(), _sums.W3AbsB2.ToArray());
    }

    /// <summary>The fast Q-values of row r of the last <see cref="Act"/> and their error bounds (tests).</summary>
    internal (float[] Q, double[] Bound) LastEstimate(ReadOnlySpan<float> x, int r)
    {
        var e = new double[_k];
        for (int a = 0; a < _k; a++) e[a] = Bound(a, x, r, Kappa(r));
        return (_q.AsSpan(r * _k, _k).ToArray(), e);
    }
}
