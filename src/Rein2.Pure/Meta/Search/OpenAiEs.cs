// OpenAI-ES (Salimans, Ho, Chen, Sidor & Sutskever, "Evolution Strategies as a Scalable Alternative
// to Reinforcement Learning", 2017): a Gaussian search distribution N(θ, σ²I) whose mean follows the
// estimated gradient of the expected fitness,
//   g = 1/(nσ) Σ_i F̃_i ε_i,   θ ← Adam(θ, −g) with weight decay
// with antithetic pairs (ε, −ε) (mirrored sampling, §2.2), fitness replaced by centred ranks
// (§2.2: invariant to the return's scale, robust to outliers) and Adam on θ. From the paper's MuJoCo
// setup: the Adam step at half of σ (0.01 : 0.02) and the L2 coefficient 0.005. The one value that
// cannot carry over is σ itself, a distance in weight space: the paper's 0.02 on REIN-2's [−1, 1]
// box leaves every Acrobot candidate at −500 (no signal for the ranks; measured: 600 meta steps,
// best −500), so σ defaults to 0.15 of the box's width (`search_sigma`), where it finds −69.8. The
// mean starts at the network's initial RBV values, as REIN-2's a₀.
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta.Search;

/// <summary>OpenAI-ES with antithetic sampling, centred-rank shaping and Adam on the mean.</summary>
internal sealed class OpenAiEs : WeightSearch
{
    /// <inheritdoc/>
    public override string Name => "es";

    public const int DefaultPairs = 20;
    public const double DefaultSigma = 0.02, DefaultStep = 0.01, DefaultWeightDecay = 0.005; // the paper's
    public const double DefaultSigmaFraction = 0.15;                                          // of the box width

    readonly int _pairs;
    readonly double _sigma, _step, _decay;
    readonly double[] _theta, _eps, _fitness, _shaped, _grad, _m, _v;
    readonly int[] _order;
    Pcg64 _rng;
    int _asked;                                    // candidates told in this generation (0 … 2·pairs)
    int _drawn;                                    // candidates asked in this generation (≥ _asked)
    long _generation;

    // sigmaFraction: σ as a fraction of the box width (default 0.15, see the header)
    public OpenAiEs(ReadOnlySpan<float> start, double bound, Pcg64 rng, double? sigmaFraction = null, int pairs = DefaultPairs, bool restartOnFlat = false) : base(start.Length, bound, restartOnFlat)
    {
        _pairs = pairs; _rng = rng;
        _sigma = (sigmaFraction ?? DefaultSigmaFraction) * 2 * bound;
        _step = _sigma / DefaultSigma * DefaultStep;   // the paper's step-to-σ ratio (0.01 : 0.02)
        _decay = DefaultWeightDecay;
        _theta = new double[N]; for (int j = 0; j < N; j++) _theta[j] = start[j];
        _eps = new double[pairs * N]; _fitness = new double[2 * pairs]; _shaped = new double[2 * pairs]; _order = new int[2 * pairs];
        _grad = new double[N]; _m = new double[N]; _v = new double[N];
    }

    /// <inheritdoc/>
    public override ReadOnlySpan<double> Mean => _theta;

    /// <inheritdoc/>
    public override int CandidatesUntilUpdate => 2 * _pairs - _drawn;

    /// <inheritdoc/>
    public override void Ask(Span<float> candidate)
    {
        Require(_drawn < 2 * _pairs, "OpenAI-ES: the whole generation is asked; tell its fitness first.");
        AskAntithetic(candidate, _theta, _eps, _drawn++, _sigma, ref _rng);
    }

    /// <inheritdoc/>
    public override void Tell(double fitness)
    {
        Require(_asked < _drawn, "OpenAI-ES: a fitness told for no candidate asked.");
        _fitness[_asked++] = fitness;
        if (_asked < 2 * _pairs) return;
        _asked = _drawn = 0;
        if (RestartOnFlat && IsFlat(_fitness))
        {
            UniformPoint(_theta, ref _rng);
            Array.Clear(_m); Array.Clear(_v); _generation = 0;   // Adam starts afresh
            return;
        }
        // centred ranks; the pair (2i, 2i+1) contributes (F̃⁺ − F̃⁻)·ε_i
        CentredRanks(_fitness, _shaped, _order);
        AntitheticSum(_shaped, _eps, _grad);
        // ascend: Adam on −g/(2·pairs·σ) + decay·θ
        AdamAscend(_theta, _grad, 2 * _pairs * _sigma, _m, _v, ++_generation, _step, _decay);
    }

    /// <inheritdoc/>
    public override void Sync(StateArchive a)
    {
        a.Section("openai-es");
        Require(_drawn == _asked, "OpenAI-ES: a checkpoint with candidates asked and not told.");
        a.Sync(ref _rng); a.Sync(ref _asked); a.Sync(ref _generation);
        a.Sync(_theta); a.Sync(_eps); a.Sync(_fitness); a.Sync(_m); a.Sync(_v);
        if (_asked is < 0 || _asked >= 2 * _pairs) throw new InvalidDataException($"OpenAI-ES: {_asked} candidates asked of a generation of {2 * _pairs}.");
        _drawn = _asked;
    }
}
