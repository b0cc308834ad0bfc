// Greedy actions of a ReLU Q-network with two hidden layers, obs (d) → h → g → k, along trajectories
// (one per lane), at a fraction of the dense cost and provably equal to the dense float32 network's.
//
// THE IDEA. Once the set S of active first-layer units is fixed, the second layer's pre-activation is
// affine in the observation:   z = W2·relu(W1 x + b1) + b2 = A_S x + c_S,
//   A_S = Σ_{j∈S} W2[:,j] ⊗ W1[j,:]  (g×d),   c_S = b2 + Σ_{j∈S} b1_j W2[:,j]  (g).
// Along a trajectory consecutive observations are close, so the active set drifts slowly from the
// one at the start (measured on random REIN-2 agents, averaged over their episodes: 48 of 256 units
// differ from the start in CartPole — of its 17 switches per step 60 % switch back the next step —,
// 20 in Acrobot, 7 in MountainCar). So one A_B (stored (d+1)×g: rows A_B[:,i]ᵀ, then c_B) is built
// for the active set B of the first observation, and a step computes
//   z = A_B x + c_B + Σ_{j ∈ S Δ B} ±W2[:,j]·u_j      (+ for units on now, − for units that went off)
// — g per differing unit instead of the dense h·g (65,536 multiply-adds for the Zoo's [256, 256]).
// A lane whose set drifts far (|S Δ B| > h/4) folds the difference into its own copy of A (or,
// once folds have rounded its entries too often, rebuilds it exactly) and continues from there.
//
// WHY THE ACTION IS EXACTLY THE DENSE ONE. The shortcut rounds differently from a dense float32
// forward pass, so it carries a forward error bound E_a on |q_dense[a] − q_fast[a]|. With u = 2⁻²⁴
// and γ_n = n·u/(1 − n·u), valid for ANY summation order, with or without FMA (Higham, "Accuracy and
// Stability of Numerical Algorithms", §3.1), and s_j = Σ_i |W1_ji||x_i| + |b1_j|:
//   layer 1 (dense and fast):  |û_j − u*_j| ≤ γ_{d+1}·s_j
//   layer 2, dense:   |ẑ − z*| ≤ γ_{h+1}·r^S + (γ_{d+1} + 2γ_{h+1}γ_{d+1})·r
//   layer 2, fast:    |z_fast − z*| ≤ (γ_{d+2} + 2γ_{d+1} + (m + n_D + 1)·u)·r
//     r^S = |W2|·relu(u_fast) + |b2| (the active units only: tight), r = |W2|·s + |b2| (all units);
//     m = the roundings A_B's entries went through (built from float32 partial sums of 16 units added
//     in double: ≤ 17; a fold adds one FMA per folded unit, ≤ 128 before a rebuild), n_D = |S Δ B|
//     correction terms, one
//     γ_{d+1} for their coefficients û_j and one for units the fast path puts on the wrong side of 0
//     (then |u*_j| ≤ γ_{d+1}·s_j).
//   output:  E_a = 2γ_{g+1}(|b3_a| + |W3_a|·h2_fast) + (1 + γ_{g+1})·|W3_a|·(γ_{h+1}·r^S + κ·r),
//     κ = 3γ_{d+1} + 2γ_{h+1}γ_{d+1} + γ_{d+2} + (m + n_D + 1)·u, where |W3_a|·r^S = Σ_j M_aj relu(u_j) + |W3_a|·|b2|
//     (M = |W3|·|W2|, k×h) and |W3_a|·r = Σ_i U_ai|x_i| + U_ad (U = |W3|·[|W2||W1|, |W2||b1| + |b2|]),
//     both precomputed when the weights change, so the bound costs O(k·h) per step.
// If the fast best action beats every other by more than E_best + E_b, every float32 evaluation
// order (ours, PyTorch's) picks it; otherwise the lane falls back to the plain dense forward pass
// (Mlp.Forward at batch 1 — what `rein2 eval` and an embedded agent run), so the result is that of
// the dense network in every case. Ties always fall back (and resolve to the first maximum, as
// torch.argmax); non-finite values fail every comparison and fall back too. A 1 % slack on E covers
// the rounding of the bound's own float32 arithmetic (positive sums, relative error < 1e-4); values
// are assumed not to underflow.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Rein2.Pure.Nn;

/// <summary>Incremental, certified greedy inference of a two-hidden-layer ReLU MLP over lanes of trajectories.</summary>
internal sealed class IncrementalGreedy
{
    const double U32 = 1.0 / (1 << 24);          // unit roundoff of float32
    const int BaseChunk = 16;                      // units per float32 partial sum of an exactly built A
    readonly Mlp _net;                             // the dense network (fallback) — kept in sync by the owner
    readonly int _d, _h, _g, _k, _words, _rebaseAt;
    readonly double _gammaH, _gammaOut, _kappa0;   // γ_{h+1}, γ_{g+1}, κ without its m·u term
    // mirrors of the weights in the layouts the shortcut reads
    // (the arrays the hot loops stream through are 64-byte aligned)
    readonly AlignedFloats _v, _w2t, _w3, _m3;     // (d+1, h): rows W1[:,i]ᵀ then b1; (h, g): W2ᵀ; (4, g); (4, h)
    readonly float[] _b2, _absW3, _b3;
    // the x-independent parts of the bound, as the next evaluation uses them (see Refresh)
    readonly float[] _t, _uAll, _w3b2;             // T|t (d+1, g); U (k, d+1); |W3|·|b2| (k); M = |W3|·|W2| is _m3
    // … and the same sums in double, kept up to date entry by entry as single weights change (see
    // Refresh), stored so that one changed W2 entry touches one short run of each: T as (g, d+1), M as
    // (h, k), read with |V| as (h, d+1) and |W3| as (g, k)
    readonly double[] _tD, _mD, _w3b2D;
    readonly float[] _absVt, _absW3t;
    long _updates;                                 // sum updates since the last full recompute
    float _maxV, _maxW2, _maxW3, _maxB2;           // the largest |weight| of each kind set meanwhile
    bool _stale = true;                            // the double sums must be recomputed in full
    // the base A_B, built for the active set B of the first observation after BeginTrajectories
    readonly AlignedFloats _baseA, _laneA;
    readonly float[] _chunk;
    readonly double[] _baseSum;
    readonly ulong[] _baseMask;
    bool _baseValid, _dirty = true;
    // per lane: the base until the lane first rebases, then its own copy
    readonly ulong[] _laneMask;                    // (lanes, words): the active set the lane's A_B is for
    readonly int[] _laneRoundings;
    readonly bool[] _laneOwn;
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
    public long Folded { get; private set; }

    /// <summary>True for layouts the shortcut handles: exactly two ReLU hidden layers, an identity output, at most 4 actions.</summary>
    public static bool Supports(MlpLayout layout) =>
        layout.LayerCount == 3 && layout.Hidden == Activation.Relu && layout.Output == Activation.Identity && layout.OutputSize <= GreedyRows.Heads;

    /// <summary>Mirrors <paramref name="net"/> (call <see cref="SetParameter"/> or <see cref="Refresh"/> on every change).</summary>
    public IncrementalGreedy(Mlp net, int lanes)
    {
        if (!Supports(net.Layout)) throw new ArgumentException($"IncrementalGreedy needs obs → ReLU → ReLU → identity with at most {GreedyRows.Heads} actions; got {net.Layout}.", nameof(net));
        ThrowHelper.RequirePositive(lanes, nameof(lanes));
        _net = net; Lanes = lanes;
        var L = net.Layout;
        _d = L.InputSize; _h = L.Out(0); _g = L.Out(1); _k = L.OutputSize; _words = (_h + 63) / 64;
        int d1 = _d + 1;
        _v = new AlignedFloats(d1 * _h);
        _w2t = new AlignedFloats(_h * _g);
        // the output rows are padded to GreedyRows.Heads with zeros
        _b2 = new float[_g]; _w3 = new AlignedFloats(GreedyRows.Heads * _g); _absW3 = new float[GreedyRows.Heads * _g]; _b3 = new float[_k];
        _t = new float[d1 * _g]; _uAll = new float[_k * d1]; _m3 = new AlignedFloats(GreedyRows.Heads * _h); _w3b2 = new float[_k];
        _tD = new double[_g * d1]; _mD = new double[_h * _k]; _w3b2D = new double[_k];
        _absVt = new float[_h * d1]; _absW3t = new float[_g * _k];
        _baseA = new AlignedFloats(d1 * _g); _chunk = new float[d1 * _g]; _baseSum = new double[d1 * _g]; _baseMask = new ulong[_words];
        _laneA = new AlignedFloats(lanes * d1 * _g); _laneMask = new ulong[lanes * _words];
        _laneRoundings = new int[lanes]; _laneOwn = new bool[lanes];
        _coef = new float[d1 * _h]; _coef4 = new float[4 * _h];
        _heads = new float[GreedyRows.Heads]; _absHeads = new float[GreedyRows.Heads]; _tight = new float[GreedyRows.Heads];
        _mask = new ulong[_words]; _rowsD = new int[_h];
        _rebaseAt = Math.Max(1, _h / 4);
        _gammaH = Gamma(_h + 1); _gammaOut = Gamma(_g + 1);
        _kappa0 = 3 * Gamma(d1) + 2 * _gammaH * Gamma(d1) + Gamma(_d + 2);
        _net.EnsureCapacity(1);
        Refresh(net.Parameters);
    }

    /// <summary>Re-reads every parameter from a flat buffer in the network's layout.</summary>
    public void Refresh(ReadOnlySpan<float> flat)
    {
        _stale = true;                             // the bound's sums are recomputed in full, not updated
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
        Sse.Prefetch0(Unsafe.AsPointer(ref _w2t[(r % _h) * _g + r / _h]));   // pinned: the address is stable
    }

    /// <summary>Sets the parameter at flat index <paramref name="index"/> (the network's layout).</summary>
    public void SetParameter(int index, float value)
    {
        var L = _net.Layout;
        if ((uint)index >= (uint)L.ParameterCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"Parameter index must be in [0, {L.ParameterCount}).");
        _dirty = true;
        if (!float.IsFinite(value)) _stale = true; // NaN/∞ would stay in the running sums: recompute instead
        float a = MathF.Abs(value);
        int h = _h, g = _g, d = _d, d1 = d + 1, K = _k;
        if (index < L.WeightOffset(1))
        {
            // W1[j,i] → V[i,j], b1[j] → V[d,j]: T[:,i] += δ·|W2[:,j]|
            int i, j;
            if (index < L.BiasOffset(0)) { int r = index - L.WeightOffset(0); i = r % d; j = r / d; }
            else { i = d; j = index - L.BiasOffset(0); }
            if (!_stale)
            {
                double delta = (double)a - _absVt[j * d1 + i];   // the difference of two floats: exact in double
                var row = _w2t.Span.Slice(j * g, g);
                for (int o = 0; o < g; o++) _tD[o * d1 + i] += MathF.Abs(row[o]) * delta;
                _updates += g;
            }
            _v[i * h + j] = value; _absVt[j * d1 + i] = a;
            _maxV = Math.Max(_maxV, a);
        }
        else if (index < L.BiasOffset(1))
        {
            // W2[o,j]: T[o,:] += δ·|V[:,j]|, M[j,:] += δ·|W3[:,o]|
            int r = index - L.WeightOffset(1), o = r / h, j = r % h, at = j * g + o;
            if (!_stale)
            {
                double delta = (double)a - MathF.Abs(_w2t[at]);
                for (int i = 0; i < d1; i++) _tD[o * d1 + i] += _absVt[j * d1 + i] * delta;
                for (int k = 0; k < K; k++) _mD[j * K + k] += _absW3t[o * K + k] * delta;
                _updates += d1 + K;
            }
            _w2t[at] = value;   // one write: |W2| is read back through MathF.Abs (random writes into 256 KB dominate here)
            _maxW2 = Math.Max(_maxW2, a);
        }
        else if (index < L.WeightOffset(2))
        {
            // b2[o]: T[o,d] += δ, |W3|·|b2| += δ·|W3[:,o]|
            int o = index - L.BiasOffset(1);
            if (!_stale)
            {
                double delta = (double)a - MathF.Abs(_b2[o]);
                _tD[o * d1 + d] += delta;
                for (int k = 0; k < K; k++) _w3b2D[k] += _absW3t[o * K + k] * delta;
                _updates += 1 + K;
            }
            _b2[o] = value;
            _maxB2 = Math.Max(_maxB2, a);
        }
        else if (index < L.BiasOffset(2))
        {
            // W3[k,o]: M[:,k] += δ·|W2[o,:]|, |W3|·|b2| += δ·|b2[o]|
            int at = index - L.WeightOffset(2), k = at / g, o = at % g;
            if (!_stale)
            {
                double delta = (double)a - _absW3[at];
                var w2t = _w2t.Span;   // column o of W2ᵀ (a W3 entry changes ~5 times per REIN-2 step)
                for (int j = 0; j < h; j++) _mD[j * K + k] += MathF.Abs(w2t[j * g + o]) * delta;
                _w3b2D[k] += MathF.Abs(_b2[o]) * delta;
                _updates += h + 1;
            }
            _w3[at] = value; _absW3[at] = a; _absW3t[o * K + k] = a;
            _maxW3 = Math.Max(_maxW3, a);
        }
        else _b3[index - L.BiasOffset(2)] = value;
    }

    /// <summary>Starts a new trajectory in every lane (the next <see cref="Act"/> of a lane rebuilds its state).</summary>
    public void BeginTrajectories()
    {
        if (_dirty) RefreshBoundSums();
        _baseValid = false;
    }

    // T = |V|·|W2ᵀ| (+|b2| in the bias row), M = |W3|·|W2|, |W3|·|b2| and U = |W3|·Tᵀ, the bound's
    // weight-only sums. REIN-2 changes ~1 % of the weights between evaluations, so SetParameter keeps
    // T, M and |W3|·|b2| up to date in double, term by term (O(d + k) per changed W2 entry, O(g) or
    // O(h) per changed W1/b1/W3 entry, instead of a (d+1)·h·g + k·h·g recompute), and this only
    // rounds them to float.
    // WHY THEY STAY UPPER BOUNDS. An update adds (|new| − |old|)·|other factor| — the difference of two
    // floats is exact in double — with at most three double roundings, each at most 2⁻⁵³ times a value
    // no larger than a sum of h + 1 (T, M: g) products of the largest |weights| set since the last
    // recompute: B = max(h·maxV·maxW2 + maxB2, g·maxW3·max(maxW2, maxB2)), whatever mix of old and new
    // weights a partial sum holds. After n updates each sum is within 3n·2⁻⁵³·B; that much is added
    // before rounding to float (whose own relative 2⁻²⁴ the bound's 1 % slack covers). After 2²⁰
    // updates, a Refresh, or a non-finite weight the sums are recomputed in full.
    void RefreshBoundSums()
    {
        const long FullAfter = 1 << 20;
        if (_stale || _updates > FullAfter) RecomputeSums();
        int d1 = _d + 1, g = _g, h = _h, K = _k;
        double B = Math.Max(h * (double)_maxV * _maxW2 + _maxB2, g * (double)_maxW3 * Math.Max(_maxW2, _maxB2));
        double slack = 3.0 * _updates * (1.0 / (1L << 53)) * B;
        for (int o = 0; o < g; o++)
            for (int i = 0; i < d1; i++) _t[i * g + o] = (float)(_tD[o * d1 + i] + slack);
        var m = _m3.Span;
        for (int j = 0; j < h; j++)
            for (int k = 0; k < K; k++) m[k * h + j] = (float)(_mD[j * K + k] + slack);
        for (int k = 0; k < K; k++) _w3b2[k] = (float)(_w3b2D[k] + slack);
        Array.Clear(_uAll);
        Kernels.GemmNTUnchecked(ref _uAll[0], d1, ref _absW3[0], g, ref _t[0], g, K, d1, g);
        _dirty = false;
    }

    // The sums from scratch in double (exact products; h + 1 roundings per sum at most, counted into
    // _updates), and the weight maxima of the bound. Runs on a Refresh and every 2²⁰ updates.
    void RecomputeSums()
    {
        int d = _d, d1 = d + 1, h = _h, g = _g, K = _k;
        Array.Clear(_tD); Array.Clear(_mD); Array.Clear(_w3b2D);
        var w2t = _w2t.Span;
        _maxW2 = 0;
        for (int j = 0; j < h; j++)
            for (int o = 0; o < g; o++)
            {
                float w = MathF.Abs(w2t[j * g + o]);
                _maxW2 = Math.Max(_maxW2, w);
                if (w == 0) continue;
                for (int i = 0; i < d1; i++) _tD[o * d1 + i] += _absVt[j * d1 + i] * (double)w;
                for (int k = 0; k < K; k++) _mD[j * K + k] += _absW3t[o * K + k] * (double)w;
            }
        for (int o = 0; o < g; o++)
        {
            double b2 = MathF.Abs(_b2[o]);
            _tD[o * d1 + d] += b2;
            for (int k = 0; k < K; k++) _w3b2D[k] += _absW3t[o * K + k] * b2;
        }
        _maxV = Max(_absVt); _maxW3 = Max(_absW3t);
        _maxB2 = 0;
        foreach (float b in _b2) _maxB2 = Math.Max(_maxB2, MathF.Abs(b));
        _updates = Math.Max(h, g) + 1;
        _stale = false;

        static float Max(ReadOnlySpan<float> values)
        {
            float max = 0;
            foreach (float v in values) max = Math.Max(max, v);
            return max;
        }
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
        int d = _d, h = _h, g = _g, k = _k, d1 = d + 1, words = _words;
        if (_u.Length < rows * h)
        {
            _u = new float[rows * h]; _q = new float[rows * k]; _p = new float[rows * k]; _rs = new float[rows * k];
            _nD = new int[rows]; _mRows = new int[rows]; _maskRows = new ulong[rows * words]; _diffRows = new ulong[rows * words];
            _zRows = new AlignedFloats(rows * g);
        }
        for (int r = 0; r < rows; r++)
        {
            int lane = laneOf[r];
            var xr = x.Slice(r * d, d);
            // LAYER 1: u = b1 + W1·x, its active set, and the bound's tight sums Σ_j M_aj relu(u_j)
            GreedyRows.Layer1Width(xr, _v.Span, _m3.Span, h, _u.AsSpan(r * h, h), _mask, _tight, GreedyRows.BestWidth);
            for (int a = 0; a < k; a++) _rs[r * k + a] = _w3b2[a] + _tight[a];
            // LAYER 2: the lane's A (the shared base until it rebases) and the units that differ
            if (!_baseValid) BuildBase();
            var laneMask = _laneMask.AsSpan(lane * words, words);
            if (_laneRoundings[lane] == 0) { _baseMask.CopyTo(laneMask); _laneRoundings[lane] = BaseRoundings; _laneOwn[lane] = false; }
            int nD = 0;
            for (int w = 0; w < words; w++) nD += BitOperations.PopCount(_mask[w] ^ laneMask[w]);
            if (nD > _rebaseAt) { Rebase(lane, laneMask, nD); nD = 0; }
            for (int w = 0; w < words; w++) { _maskRows[r * words + w] = _mask[w]; _diffRows[r * words + w] = _mask[w] ^ laneMask[w]; }
            _nD[r] = nD; _mRows[r] = _laneRoundings[lane];
            // z = c_B + Σ_i x_i·A_B[:,i] (the corrections follow)
            var A = _laneOwn[lane] ? _laneA.Span.Slice(lane * d1 * g, d1 * g) : _baseA.Span;
            Kernels.AffineUnchecked(ref _zRows[r * g], g, ref A[0], g, xr);
        }
        // z += Σ_{j ∈ S Δ B} ±û_j·W2[:,j]
        int r0 = 0;
        for (; r0 + 4 <= rows; r0 += 4) CorrectFour(r0);
        for (; r0 < rows; r0++) CorrectOne(r0);
        // OUTPUT: q_a = b3_a + W3_a·relu(z) and, for the bound, p_a = |W3_a|·relu(z)
        for (int r = 0; r < rows; r++)
        {
            GreedyRows.OutputsWidth(_zRows.Span.Slice(r * g, g), _w3.Span, _heads, _absHeads, GreedyRows.BestWidth);
            for (int a = 0; a < k; a++) { _q[r * k + a] = _b3[a] + _heads[a]; _p[r * k + a] = _absHeads[a]; }
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
        Kernels.GemmGatherUnchecked(ref _zRows[r0 * g], g, ref _coef4[0], h, ref _w2t[0], g, _rowsD.AsSpan(0, f), 4, g);
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
        Kernels.GemmGatherUnchecked(ref _zRows[r * g], g, ref _coef[0], h, ref _w2t[0], g, _rowsD.AsSpan(0, f), 1, g);
        Corrections += f;
    }

    // A_B for the current mask (the first observation): the shared base of every lane.
    void BuildBase()
    {
        BuildExact(_baseA.Span);
        _mask.CopyTo(_baseMask, 0);
        Array.Clear(_laneRoundings);
        _baseValid = true;
    }

    // A for the current mask: c = b2 + Σ_{j∈S} b1_j W2[:,j] and A[:,i] = Σ_{j∈S} W1_ji W2[:,j] —
    // float32 GEMMs over chunks of 16 active units, summed in double and rounded once: ≤ 16 + 1
    // roundings per entry (BaseRoundings).
    void BuildExact(Span<float> target)
    {
        int d1 = _d + 1, h = _h, g = _g, f = 0;
        for (int w = 0; w < _words; w++)
            for (ulong bits = _mask[w]; bits != 0; bits &= bits - 1) _rowsD[f++] = w * 64 + BitOperations.TrailingZeroCount(bits);
        for (int i = 0; i < d1; i++)
            for (int c = 0; c < f; c++) _coef[i * h + c] = _v[i * h + _rowsD[c]];
        Array.Clear(_baseSum);
        for (int c0 = 0; c0 < f; c0 += BaseChunk)
        {
            Array.Clear(_chunk);
            Kernels.GemmGatherUnchecked(ref _chunk[0], g, ref _coef[c0], h, ref _w2t[0], g, _rowsD.AsSpan(c0, Math.Min(BaseChunk, f - c0)), d1, g);
            AddWidened(_baseSum, _chunk);
        }
        AddWidened(_baseSum.AsSpan(_d * g, g), _b2);
        for (int e = 0; e < target.Length; e++) target[e] = (float)_baseSum[e];
    }

    const int BaseRoundings = BaseChunk + 1;
    const int FoldLimit = 128;                     // roundings a folded A may reach before it is rebuilt

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
    void Rebase(int lane, Span<ulong> laneMask, int nD)
    {
        int f = 0, h = _h, g = _g, d1 = _d + 1;
        var A = _laneA.Span.Slice(lane * d1 * g, d1 * g);
        Folded++;
        if (_laneRoundings[lane] + nD > FoldLimit)
        {
            BuildExact(A);
            _mask.CopyTo(laneMask);
            _laneOwn[lane] = true;
            _laneRoundings[lane] = BaseRoundings;
            return;
        }
        if (!_laneOwn[lane]) { _baseA.Span.CopyTo(A); _laneOwn[lane] = true; }
        for (int w = 0; w < _words; w++)
        {
            for (ulong diff = _mask[w] ^ laneMask[w]; diff != 0; diff &= diff - 1)
            {
                int j = w * 64 + BitOperations.TrailingZeroCount(diff);
                bool on = (_mask[w] >> (j & 63) & 1) != 0;
                for (int i = 0; i < d1; i++) _coef[i * h + f] = on ? _v[i * h + j] : -_v[i * h + j];
                _rowsD[f++] = j;
            }
            laneMask[w] = _mask[w];
        }
        Kernels.GemmGatherUnchecked(ref A[0], g, ref _coef[0], h, ref _w2t[0], g, _rowsD.AsSpan(0, f), d1, g);
        _laneRoundings[lane] += f;
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

    // κ of the header for row r (the roundings of its lane's A when it acted, its correction terms).
    double Kappa(int r) => _kappa0 + (_mRows[r] + _nD[r] + 1) * U32;

    // E_a of the header.
    double Bound(int a, ReadOnlySpan<float> x, int r, double kappa)
    {
        int d = _d, d1 = d + 1;
        double all = _uAll[a * d1 + d];
        for (int i = 0; i < d; i++) all += _uAll[a * d1 + i] * (double)MathF.Abs(x[i]);
        double layer2 = _gammaH * _rs[r * _k + a] + kappa * all;
        return 1.01 * (2 * _gammaOut * (MathF.Abs(_b3[a]) + (double)_p[r * _k + a]) + (1 + _gammaOut) * layer2);
    }

    /// <summary>The bound's weight-only sums T (d+1, g), M (k, h) and |W3|·|b2| (k) as the next evaluation uses them (tests).</summary>
    internal (float[] T, float[] M, float[] W3AbsB2) BoundSums()
    {
        if (_dirty) RefreshBoundSums();
        return (_t.ToArray(), _m3.Span[..(_k * _h)].ToArray(), _w3b2.ToArray());
    }

    /// <summary>The fast Q-values of row r of the last <see cref="Act"/> and their error bounds (tests).</summary>
    internal (float[] Q, double[] Bound) LastEstimate(ReadOnlySpan<float> x, int r)
    {
        var e = new double[_k];
        for (int a = 0; a < _k; a++) e[a] = Bound(a, x, r, Kappa(r));
        return (_q.AsSpan(r * _k, _k).ToArray(), e);
    }
}
