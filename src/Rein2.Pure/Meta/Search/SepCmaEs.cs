// CMA-ES with a diagonal covariance, "sep-CMA-ES" (Ros & Hansen, "A Simple Modification in CMA-ES
// Achieving Linear Time and Space Complexity", PPSN 2008), with the default parameters of Hansen's
// tutorial ("The CMA Evolution Strategy: A Tutorial", 2016). Why the diagonal variant for REIN-2's
// ~700 weights: a full covariance needs an n³ ≈ 3.4·10⁸-flop eigendecomposition every few
// generations and an n² update per generation, while sep-CMA costs O(n) per candidate; and its
// covariance learning rates are (n+2)/3 ≈ 230 times larger, so it adapts its per-weight step sizes
// within the few thousand evaluations a REIN-2 run has, where the full matrix (n(n+1)/2 ≈ 250,000
// entries) would still be learning. The RBV weights are a random 1 % of a network, so the
// correlations the full matrix could learn are not expected to dominate.
//   sample   y_k = D·z_k, x_k = m + σ·y_k (D = √diag C; a candidate is clipped to the box when
//            evaluated, the update uses its unclipped y)
//   select   the μ = λ/2 best, weights w_i ∝ ln(μ + ½) − ln i
//   update   m += σ·y_w; evolution paths p_σ (with D⁻¹y_w), p_c; diag C ← rank-one + rank-μ;
//            σ by cumulative step-size adaptation.
// λ = 4 + ⌊3 ln n⌋; σ₀ = 0.3 of the box's width (the tutorial's advice for a box); the mean starts at
// the network's initial RBV values.
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta.Search;

/// <summary>sep-CMA-ES: CMA-ES with a diagonal covariance matrix, linear time and space.</summary>
internal sealed class SepCmaEs : WeightSearch
{
    /// <inheritdoc/>
    public override string Name => "cmaes";

    readonly int _lambda, _mu;
    readonly double[] _w;
    readonly double _sigma0;
    readonly double _muEff, _cSigma, _dSigma, _cc, _c1, _cMu, _chiN;
    readonly double[] _mean, _c, _pSigma, _pc, _y, _fitness;
    readonly int[] _order;
    double _sigma;
    Pcg64 _rng;
    int _asked;                                    // candidates told in this generation (0 … λ)
    int _drawn;                                    // candidates asked in this generation (≥ _asked)
    long _generation;

    // sigmaFraction: σ₀ as a fraction of the box width (default 0.3, the tutorial's advice)
    public SepCmaEs(ReadOnlySpan<float> start, double bound, Pcg64 rng, double? sigmaFraction = null, int? lambda = null, bool restartOnFlat = false) : base(start.Length, bound, restartOnFlat)
    {
        int n = N;
        _rng = rng;
        _lambda = lambda ?? 4 + (int)Math.Floor(3 * Math.Log(n));
        _mu = _lambda / 2;
        _w = new double[_mu];
        double sum = 0;
        for (int i = 0; i < _mu; i++) sum += _w[i] = Math.Log(_mu + 0.5) - Math.Log(i + 1);
        double sq = 0;
        for (int i = 0; i < _mu; i++) { _w[i] /= sum; sq += _w[i] * _w[i]; }
        _muEff = 1 / sq;
        _cSigma = (_muEff + 2) / (n + _muEff + 5);
        _dSigma = 1 + 2 * Math.Max(0, Math.Sqrt((_muEff - 1) / (n + 1)) - 1) + _cSigma;
        _cc = (4 + _muEff / n) / (n + 4 + 2 * _muEff / n);
        double c1 = 2 / ((n + 1.3) * (n + 1.3) + _muEff);
        double cMu = Math.Min(1 - c1, 2 * (_muEff - 2 + 1 / _muEff) / ((n + 2) * (n + 2) + _muEff));
        // sep-CMA: the diagonal's learning rates, (n + 2)/3 times the full matrix's (Ros & Hansen 2008)
        _c1 = Math.Min(1, c1 * (n + 2) / 3.0);
        _cMu = Math.Min(1 - _c1, cMu * (n + 2) / 3.0);
        _chiN = Math.Sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
        _mean = new double[n]; for (int j = 0; j < n; j++) _mean[j] = start[j];
        _c = new double[n]; Array.Fill(_c, 1.0);
        _pSigma = new double[n]; _pc = new double[n];
        _y = new double[_lambda * n]; _fitness = new double[_lambda]; _order = new int[_lambda];
        _sigma = _sigma0 = (sigmaFraction ?? 0.3) * 2 * bound;
    }

    /// <summary>Candidates per generation (λ).</summary>
    public int Lambda => _lambda;
    /// <summary>The current global step size.</summary>
    public double Sigma => _sigma;
    /// <inheritdoc/>
    public override ReadOnlySpan<double> Mean => _mean;

    /// <inheritdoc/>
    public override int CandidatesUntilUpdate => _lambda - _drawn;

    /// <inheritdoc/>
    public override void Ask(Span<float> candidate)
    {
        Require(_drawn < _lambda, "sep-CMA-ES: the whole generation is asked; tell its fitness first.");
        var y = _y.AsSpan(_drawn++ * N, N);
        for (int j = 0; j < N; j++)
        {
            y[j] = Math.Sqrt(_c[j]) * _rng.NextGaussian();
            candidate[j] = Clip(_mean[j] + _sigma * y[j]);
        }
    }

    /// <inheritdoc/>
    public override void Tell(double fitness)
    {
        Require(_asked < _drawn, "sep-CMA-ES: a fitness told for no candidate asked.");
        _fitness[_asked++] = fitness;
        if (_asked < _lambda) return;
        _asked = _drawn = 0;
        int n = N;
        if (RestartOnFlat && IsFlat(_fitness))
        {
            // a fresh start: uniform centre, unit covariance, empty paths, σ₀
            UniformPoint(_mean, ref _rng);
            Array.Fill(_c, 1.0); Array.Clear(_pSigma); Array.Clear(_pc); _sigma = _sigma0; _generation = 0;
            return;
        }
        // the μ best (highest fitness), ties by order
        for (int i = 0; i < _lambda; i++) _order[i] = i;
        var f = _fitness;
        Array.Sort(_order, (a, b) => f[a] != f[b] ? f[b].CompareTo(f[a]) : a.CompareTo(b));
        _generation++;
        double hsigNorm = 0;
        var yw = new double[n];
        for (int i = 0; i < _mu; i++)
        {
            var y = _y.AsSpan(_order[i] * n, n);
            for (int j = 0; j < n; j++) yw[j] += _w[i] * y[j];
        }
        double ps = Math.Sqrt(_cSigma * (2 - _cSigma) * _muEff);
        for (int j = 0; j < n; j++)
        {
            _mean[j] = Math.Clamp(_mean[j] + _sigma * yw[j], -Bound, Bound);
            _pSigma[j] = (1 - _cSigma) * _pSigma[j] + ps * yw[j] / Math.Sqrt(_c[j]);
            hsigNorm += _pSigma[j] * _pSigma[j];
        }
        double psNorm = Math.Sqrt(hsigNorm);
        bool hSigma = psNorm / Math.Sqrt(1 - Math.Pow(1 - _cSigma, 2 * _generation)) < (1.4 + 2.0 / (n + 1)) * _chiN;
        double pcScale = (hSigma ? 1 : 0) * Math.Sqrt(_cc * (2 - _cc) * _muEff);
        double keep = 1 - _c1 - _cMu + (hSigma ? 0 : _c1 * _cc * (2 - _cc));
        for (int j = 0; j < n; j++)
        {
            _pc[j] = (1 - _cc) * _pc[j] + pcScale * yw[j];
            double rankMu = 0;
            for (int i = 0; i < _mu; i++) { double y = _y[_order[i] * n + j]; rankMu += _w[i] * y * y; }
            _c[j] = Math.Max(keep * _c[j] + _c1 * _pc[j] * _pc[j] + _cMu * rankMu, 1e-300);
        }
        _sigma = Math.Min(_sigma * Math.Exp(_cSigma / _dSigma * (psNorm / _chiN - 1)), 4 * Bound);
    }

    /// <inheritdoc/>
    public override void Sync(StateArchive a)
    {
        a.Section("sep-cma-es");
        Require(_drawn == _asked, "sep-CMA-ES: a checkpoint with candidates asked and not told.");
        a.Sync(ref _rng); a.Sync(ref _asked); a.Sync(ref _generation); a.Sync(ref _sigma);
        a.Sync(_mean); a.Sync(_c); a.Sync(_pSigma); a.Sync(_pc); a.Sync(_y); a.Sync(_fitness);
        if (_asked < 0 || _asked >= _lambda) throw new InvalidDataException($"sep-CMA-ES: {_asked} candidates asked of a generation of {_lambda}.");
        _drawn = _asked;
    }
}
