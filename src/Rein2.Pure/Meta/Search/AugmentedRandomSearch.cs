// Augmented Random Search, version V1-t (Mania, Guy & Recht, "Simple random search of static linear
// policies is competitive for reinforcement learning", 2018, Algorithm 1): finite differences along
// random directions, keeping only the best,
//   θ ← θ + α/(b·σ_R) Σ_{k ∈ top b} [r(θ + νδ_k) − r(θ − νδ_k)]·δ_k,
// where the top b of the N directions are those with the largest max(r⁺, r⁻) and σ_R is the standard
// deviation of the 2b returns used (V1: no state normalisation — our "state" is the weights).
// From the paper's HalfCheetah setting: the step at 2/3 of the noise (α = 0.02 : ν = 0.03) and b = 4,
// with N = 8 directions. ν itself is a distance in weight space and cannot carry over: 0.03 on
// REIN-2's [−1, 1] box leaves every Acrobot candidate at −500 (measured: 600 meta steps, best −500),
// so ν defaults to 0.15 of the box's width (`search_sigma`), where it finds −71.4. The mean starts at
// the network's initial RBV values.
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta.Search;

/// <summary>ARS V1-t: antithetic directions, top-b selection, steps normalised by the returns' spread.</summary>
internal sealed class AugmentedRandomSearch : WeightSearch
{
    /// <inheritdoc/>
    public override string Name => "ars";

    public const int DefaultDirections = 8, DefaultTop = 4;
    public const double DefaultStep = 0.02, DefaultNoise = 0.03; // the paper's
    public const double DefaultNoiseFraction = 0.15;             // of the box width

    readonly int _directions, _top;
    readonly double _alpha, _nu;
    readonly double[] _theta, _delta, _returns;
    readonly int[] _order;
    Pcg64 _rng;
    int _asked;                                    // candidates told in this iteration (0 … 2·directions)
    int _drawn;                                    // candidates asked in this iteration (≥ _asked)

    // noiseFraction: ν as a fraction of the box width (default 0.15, see the header)
    public AugmentedRandomSearch(ReadOnlySpan<float> start, double bound, Pcg64 rng, double? noiseFraction = null, int directions = DefaultDirections, int top = DefaultTop, bool restartOnFlat = false)
        : base(start.Length, bound, restartOnFlat)
    {
        _directions = directions; _top = Math.Min(top, directions); _rng = rng;
        _nu = (noiseFraction ?? DefaultNoiseFraction) * 2 * bound;
        _alpha = _nu / DefaultNoise * DefaultStep;     // the paper's step-to-noise ratio (0.02 : 0.03)
        _theta = new double[N]; for (int j = 0; j < N; j++) _theta[j] = start[j];
        _delta = new double[directions * N]; _returns = new double[2 * directions]; _order = new int[directions];
    }

    /// <inheritdoc/>
    public override ReadOnlySpan<double> Mean => _theta;

    /// <inheritdoc/>
    public override int CandidatesUntilUpdate => 2 * _directions - _drawn;

    /// <inheritdoc/>
    public override void Ask(Span<float> candidate)
    {
        Require(_drawn < 2 * _directions, "ARS: the whole iteration is asked; tell its returns first.");
        AskAntithetic(candidate, _theta, _delta, _drawn++, _nu, ref _rng);
    }

    /// <inheritdoc/>
    public override void Tell(double fitness)
    {
        Require(_asked < _drawn, "ARS: a return told for no candidate asked.");
        _returns[_asked++] = fitness;
        if (_asked < 2 * _directions) return;
        _asked = _drawn = 0;
        if (RestartOnFlat && IsFlat(_returns)) { UniformPoint(_theta, ref _rng); return; }
        // the top b directions by max(r⁺, r⁻), ties by index
        for (int k = 0; k < _directions; k++) _order[k] = k;
        var best = new double[_directions];
        for (int k = 0; k < _directions; k++) best[k] = Math.Max(_returns[2 * k], _returns[2 * k + 1]);
        Array.Sort(_order, (a, b) => best[a] != best[b] ? best[b].CompareTo(best[a]) : a.CompareTo(b));
        double mean = 0, sq = 0;
        for (int t = 0; t < _top; t++) { int k = _order[t]; mean += _returns[2 * k] + _returns[2 * k + 1]; }
        mean /= 2 * _top;
        for (int t = 0; t < _top; t++) { int k = _order[t]; sq += Sq(_returns[2 * k] - mean) + Sq(_returns[2 * k + 1] - mean); }
        double sigmaR = Math.Sqrt(sq / (2 * _top));
        if (sigmaR > 0)
        {
            double scale = _alpha / (_top * sigmaR);
            for (int t = 0; t < _top; t++)
            {
                int k = _order[t];
                double diff = _returns[2 * k] - _returns[2 * k + 1];
                var delta = _delta.AsSpan(k * N, N);
                for (int j = 0; j < N; j++) _theta[j] += scale * diff * delta[j];
            }
            for (int j = 0; j < N; j++) _theta[j] = Math.Clamp(_theta[j], -Bound, Bound);
        }

        static double Sq(double x) => x * x;
    }

    /// <inheritdoc/>
    public override void Sync(StateArchive a)
    {
        a.Section("ars-v1t");
        Require(_drawn == _asked, "ARS: a checkpoint with candidates asked and not told.");
        a.Sync(ref _rng); a.Sync(ref _asked);
        a.Sync(_theta); a.Sync(_delta); a.Sync(_returns);
        if (_asked < 0 || _asked >= 2 * _directions) throw new InvalidDataException($"ARS: {_asked} candidates asked of an iteration of {2 * _directions}.");
        _drawn = _asked;
    }
}
