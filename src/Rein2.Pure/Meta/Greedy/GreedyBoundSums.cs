// The weight-only sums of IncrementalGreedy's error bound (the proof is in docs/rein2.md, "Why the
// certified action is exactly the dense one"): T = |V|·|W2ᵀ| (+|b2| in the bias row), M = |W3|·|W2|,
// |W3|·|b2| and U = |W3|·Tᵀ, with which the bound costs O(k·h) per step.
//
// REIN-2 changes ~1 % of the weights between evaluations, so they are kept up to date in double,
// term by term as single weights change (O(d + k) per changed W2 entry, O(g) or O(h) per changed
// W1/b1/W3 entry, instead of a (d+1)·h·g + k·h·g recompute), and Round only rounds them to float.
// WHY THEY STAY UPPER BOUNDS. An update adds (|new| − |old|)·|other factor| — the difference of two
// floats is exact in double — with at most three double roundings, each at most 2⁻⁵³ times a value
// no larger than a sum of h + 1 (T, M: g) products of the largest |weights| set since the last
// recompute: B = max(h·maxV·maxW2 + maxB2, g·maxW3·max(maxW2, maxB2)), whatever mix of old and new
// weights a partial sum holds. After n updates each sum is within 3n·2⁻⁵³·B; that much is added
// before rounding to float (whose own relative 2⁻²⁴ the bound's 1 % slack covers). After 2²⁰
// updates, a full re-read of the weights, or a non-finite weight the sums are recomputed in full.
using Rein2.Pure.Nn;

namespace Rein2.Pure.Meta;

/// <summary>The bound's weight sums, updated per changed weight in double and rounded up to float.</summary>
internal sealed class GreedyBoundSums
{
    readonly GreedyWeights _w;
    // as the next evaluation reads them (float): T|t (d+1, g); U (k, d+1); |W3|·|b2| (k); M (Heads, h)
    readonly float[] _t, _uAll, _w3b2;
    readonly AlignedFloats _m;
    // the same sums in double, stored so that one changed W2 entry touches one short run of each:
    // T as (g, d+1), M as (h, k), read with |V| as (h, d+1) and |W3| as (g, k)
    readonly double[] _tD, _mD, _w3b2D;
    readonly float[] _absVt, _absW3t;
    long _updates;                                 // sum updates since the last full recompute
    float _maxV, _maxW2, _maxW3, _maxB2;           // the largest |weight| of each kind set meanwhile
    bool _stale = true;                            // the double sums must be recomputed in full

    public GreedyBoundSums(GreedyWeights weights)
    {
        _w = weights;
        int d1 = _w.D + 1, h = _w.H, g = _w.G, k = _w.K;
        _t = new float[d1 * g]; _uAll = new float[k * d1]; _m = new AlignedFloats(GreedyRows.Heads * h); _w3b2 = new float[k];
        _tD = new double[g * d1]; _mD = new double[h * k]; _w3b2D = new double[k];
        _absVt = new float[h * d1]; _absW3t = new float[g * k];
    }

    /// <summary>M = |W3|·|W2| (Heads, h), as the first layer's pass reads it for the tight sums.</summary>
    public AlignedFloats M => _m;
    /// <summary>U = |W3|·[|W2||W1|, |W2||b1| + |b2|] (k, d+1).</summary>
    public ReadOnlySpan<float> U => _uAll;
    /// <summary>|W3|·|b2| (k).</summary>
    public ReadOnlySpan<float> W3AbsB2 => _w3b2;
    /// <summary>T (d+1, g), for tests.</summary>
    public ReadOnlySpan<float> T => _t;

    /// <summary>The next <see cref="Round"/> recomputes every sum (all weights were re-read, or one is not finite).</summary>
    public void MarkStale() => _stale = true;

    /// <summary>V[i, j] (W1[j,i], or b1[j] for i = d) changes to <paramref name="value"/>: T[:,i] += δ·|W2[:,j]|.</summary>
    public void BeforeV(int i, int j, float value)
    {
        int d1 = _w.D + 1, g = _w.G;
        float a = MathF.Abs(value);
        if (!_stale)
        {
            double delta = (double)a - _absVt[j * d1 + i];   // the difference of two floats: exact in double
            var row = _w.W2t.Span.Slice(j * g, g);
            for (int o = 0; o < g; o++) _tD[o * d1 + i] += MathF.Abs(row[o]) * delta;
            _updates += g;
        }
        _absVt[j * d1 + i] = a;
        _maxV = Math.Max(_maxV, a);
    }

    /// <summary>W2[o, j] changes: T[o,:] += δ·|V[:,j]|, M[j,:] += δ·|W3[:,o]|.</summary>
    public void BeforeW2(int o, int j, float value)
    {
        int d1 = _w.D + 1, K = _w.K;
        float a = MathF.Abs(value);
        if (!_stale)
        {
            double delta = (double)a - MathF.Abs(_w.W2t[j * _w.G + o]);
            for (int i = 0; i < d1; i++) _tD[o * d1 + i] += _absVt[j * d1 + i] * delta;
            for (int k = 0; k < K; k++) _mD[j * K + k] += _absW3t[o * K + k] * delta;
            _updates += d1 + K;
        }
        _maxW2 = Math.Max(_maxW2, a);
    }

    /// <summary>b2[o] changes: T[o,d] += δ, |W3|·|b2| += δ·|W3[:,o]|.</summary>
    public void BeforeB2(int o, float value)
    {
        int d1 = _w.D + 1, K = _w.K;
        float a = MathF.Abs(value);
        if (!_stale)
        {
            double delta = (double)a - MathF.Abs(_w.B2[o]);
            _tD[o * d1 + _w.D] += delta;
            for (int k = 0; k < K; k++) _w3b2D[k] += _absW3t[o * K + k] * delta;
            _updates += 1 + K;
        }
        _maxB2 = Math.Max(_maxB2, a);
    }

    /// <summary>W3[k, o] changes: M[:,k] += δ·|W2[o,:]|, |W3|·|b2| += δ·|b2[o]|.</summary>
    public void BeforeW3(int k, int o, float value)
    {
        int h = _w.H, g = _w.G, K = _w.K;
        float a = MathF.Abs(value);
        if (!_stale)
        {
            double delta = (double)a - _w.AbsW3[k * g + o];
            var w2t = _w.W2t.Span;   // column o of W2ᵀ (a W3 entry changes ~5 times per REIN-2 step)
            for (int j = 0; j < h; j++) _mD[j * K + k] += MathF.Abs(w2t[j * g + o]) * delta;
            _w3b2D[k] += MathF.Abs(_w.B2[o]) * delta;
            _updates += h + 1;
        }
        _absW3t[o * K + k] = a;
        _maxW3 = Math.Max(_maxW3, a);
    }

    /// <summary>Rounds the double sums (plus their rigorous slack) up to the float sums the bound reads, and U = |W3|·Tᵀ.</summary>
    public void Round()
    {
        const long FullAfter = 1 << 20;
        if (_stale || _updates > FullAfter) Recompute();
        int d1 = _w.D + 1, g = _w.G, h = _w.H, K = _w.K;
        double B = Math.Max(h * (double)_maxV * _maxW2 + _maxB2, g * (double)_maxW3 * Math.Max(_maxW2, _maxB2));
        double slack = 3.0 * _updates * (1.0 / (1L << 53)) * B;
        for (int o = 0; o < g; o++)
            for (int i = 0; i < d1; i++) _t[i * g + o] = (float)(_tD[o * d1 + i] + slack);
        var m = _m.Span;
        for (int j = 0; j < h; j++)
            for (int k = 0; k < K; k++) m[k * h + j] = (float)(_mD[j * K + k] + slack);
        for (int k = 0; k < K; k++) _w3b2[k] = (float)(_w3b2D[k] + slack);
        Array.Clear(_uAll);
        Kernels.GemmNTUnchecked(ref _uAll[0], d1, ref _w.AbsW3[0], g, ref _t[0], g, K, d1, g);
    }

    // The sums from scratch in double (exact products; h + 1 roundings per sum at most, counted into
    // _updates), and the weight maxima of the bound.
    void Recompute()
    {
        int d = _w.D, d1 = d + 1, h = _w.H, g = _w.G, K = _w.K;
        Array.Clear(_tD); Array.Clear(_mD); Array.Clear(_w3b2D);
        var w2t = _w.W2t.Span;
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
            double b2 = MathF.Abs(_w.B2[o]);
            _tD[o * d1 + d] += b2;
            for (int k = 0; k < K; k++) _w3b2D[k] += _absW3t[o * K + k] * b2;
        }
        _maxV = Max(_absVt); _maxW3 = Max(_absW3t);
        _maxB2 = 0;
        foreach (float b in _w.B2) _maxB2 = Math.Max(_maxB2, MathF.Abs(b));
        _updates = Math.Max(h, g) + 1;
        _stale = false;

        static float Max(ReadOnlySpan<float> values)
        {
            float max = 0;
            foreach (float v in values) max = Math.Max(max, v);
            return max;
        }
    }
}
