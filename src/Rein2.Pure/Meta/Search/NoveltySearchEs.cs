// NS-ES, NSR-ES and NSRA-ES (Conti, Madhavan, Petroski Such, Lehman, Stanley & Clune, "Improving
// exploration in evolution strategies for deep reinforcement learning via a population of
// novelty-seeking agents", NeurIPS 2018): OpenAI-ES (OpenAiEs.cs: antithetic pairs, centred ranks,
// Adam with weight decay, the same σ) whose step follows the *novelty* of the produced agents'
// behaviour, for fitness that is flat or deceptive (MountainCar's −200 almost everywhere).
//   novelty N(b) = mean Euclidean distance from behaviour b to its k nearest behaviours in the
//                  archive A (k = 10, the paper's configurations)
//   a meta-population of M search centres θ¹…θᴹ (the paper uses 3 to 5; M = 3 here), each with its
//   own Adam state; each generation one parent m is drawn with probability ∝ N(b(θᵐ)), its
//   2·pairs perturbations are evaluated, and θᵐ takes one step with the weights
//     NS-ES    centred ranks of the novelty
//     NSR-ES   (ranks of the return + ranks of the novelty) / 2
//     NSRA-ES  w·(ranks of the return) + (1 − w)·(ranks of the novelty), w starting at 1; when the
//              centre's return has not improved for `Patience` generations w falls by δ = 0.05
//              (toward novelty), when it improves w rises by δ (the paper's δ; the patience is ours,
//              set once and not tuned)
//   then the new θᵐ is evaluated and its behaviour added to the archive (one archive entry per
//   generation, as in the reference code's nses.py; the M initial centres are evaluated first).
// Every evaluation is one meta step, as for every learner: a generation costs 2·pairs + 1. The one
// departure from the reference code: a centre's novelty for the parent draw is that of its last
// evaluated behaviour, not of a fresh rollout of every centre each generation (M more evaluations).
// Centre 1 starts at the network's initial RBV values (REIN-2's a₀, as for ES); the others at uniform
// points of the box, so that the population begins spread out.
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta.Search;

/// <summary>The novelty-seeking ES family over a meta-population of centres.</summary>
internal sealed class NoveltySearchEs : WeightSearch
{
    /// <inheritdoc/>
    public override string Name => _variant switch { Variant.Ns => "nses", Variant.Nsr => "nsres", _ => "nsraes" };

    public enum Variant { Ns, Nsr, Nsra }

    public const int DefaultPairs = OpenAiEs.DefaultPairs, DefaultNeighbors = 10, DefaultPopulation = 3;
    public const double WeightDelta = 0.05;
    public const int Patience = 10;
    // the archive holds one behaviour per generation; a checkpoint that claims more is refused
    const int MaxArchiveValues = 1 << 24;

    readonly Variant _variant;
    readonly int _pairs, _k, _m, _d;
    readonly double _sigma, _step, _decay;
    readonly double[] _theta, _adamM, _adamV;     // M × k each: the centres and their Adam moments
    readonly long[] _adamSteps;                   // M
    readonly double[] _centreBehavior;            // M × d: each centre's last evaluated behaviour
    double[] _archive;                            // _archived × d
    int _archived;
    readonly double[] _eps, _fitness, _novelty, _shaped, _shapedNovelty, _grad, _nearest, _centreNovelty;
    readonly int[] _order;
    Pcg64 _rng;
    int _phase;                                   // 0: the initial centres, 1: a generation, 2: the parent's evaluation
    int _told, _drawn, _parent;
    double _w = 1, _bestCentre = double.NegativeInfinity;
    int _stale;

    public static Variant VariantOf(MetaLearner meta) => meta switch
    {
        MetaLearner.NsEs => Variant.Ns, MetaLearner.NsrEs => Variant.Nsr, MetaLearner.NsraEs => Variant.Nsra,
        _ => throw new ArgumentOutOfRangeException(nameof(meta), meta, "not a novelty-seeking learner"),
    };

    // behaviorSize: d, the length of a behaviour vector; sigmaFraction: σ as a fraction of the box
    // width (OpenAiEs's default 0.15); neighbors: k; population: M
    public NoveltySearchEs(Variant variant, ReadOnlySpan<float> start, double bound, Pcg64 rng, int behaviorSize, double? sigmaFraction = null,
                           int neighbors = DefaultNeighbors, int population = DefaultPopulation, int pairs = DefaultPairs) : base(start.Length, bound)
    {
        if (behaviorSize < 1) throw new ArgumentOutOfRangeException(nameof(behaviorSize), behaviorSize, "novelty search needs a behaviour of at least one value");
        _variant = variant; _pairs = pairs; _k = neighbors; _m = population; _d = behaviorSize; _rng = rng;
        _sigma = (sigmaFraction ?? OpenAiEs.DefaultSigmaFraction) * 2 * bound;
        _step = _sigma / OpenAiEs.DefaultSigma * OpenAiEs.DefaultStep;
        _decay = OpenAiEs.DefaultWeightDecay;
        _theta = new double[_m * N]; _adamM = new double[_m * N]; _adamV = new double[_m * N]; _adamSteps = new long[_m];
        for (int j = 0; j < N; j++) _theta[j] = start[j];
        for (int c = 1; c < _m; c++) UniformPoint(_theta.AsSpan(c * N, N), ref _rng);
        _centreBehavior = new double[_m * _d];
        _archive = new double[64 * _d];
        _eps = new double[pairs * N]; _fitness = new double[2 * pairs]; _novelty = new double[2 * pairs];
        _shaped = new double[2 * pairs]; _shapedNovelty = new double[2 * pairs]; _order = new int[2 * pairs];
        _grad = new double[N]; _nearest = new double[_k]; _centreNovelty = new double[_m];
    }

    /// <summary>The current parent's centre.</summary>
    public override ReadOnlySpan<double> Mean => Centre(_parent);

    /// <summary>Behaviours in the archive.</summary>
    public int ArchiveCount => _archived;

    /// <summary>NSRA-ES's weight w on the return's ranks (starts at 1; unused by NS-ES and NSR-ES).</summary>
    public double RewardWeight => _w;

    Span<double> Centre(int c) => _theta.AsSpan(c * N, N);

    /// <inheritdoc/>
    public override int CandidatesUntilUpdate => _phase switch { 0 => _m, 1 => 2 * _pairs, _ => 1 } - _drawn;

    /// <inheritdoc/>
    public override void Ask(Span<float> candidate)
    {
        Require(CandidatesUntilUpdate > 0, "novelty search: this phase's candidates are asked; tell their results first.");
        if (_phase == 1) AskAntithetic(candidate, Centre(_parent), _eps, _drawn, _sigma, ref _rng);
        else
        {
            var theta = Centre(_phase == 0 ? _drawn : _parent);
            for (int j = 0; j < N; j++) candidate[j] = Clip(theta[j]);
        }
        _drawn++;
    }

    /// <inheritdoc/>
    public override void Tell(double fitness) =>
        throw new InvalidOperationException("novelty search needs each candidate's behaviour: call Tell(fitness, behavior).");

    /// <inheritdoc/>
    public override void Tell(double fitness, ReadOnlySpan<double> behavior)
    {
        Require(_told < _drawn, "novelty search: a result told for no candidate asked.");
        if (behavior.Length != _d) throw new ArgumentException($"a behaviour of {behavior.Length} values; this search compares {_d}.", nameof(behavior));
        switch (_phase)
        {
            case 0:
                behavior.CopyTo(_centreBehavior.AsSpan(_told * _d, _d));
                AddToArchive(behavior);
                _bestCentre = Math.Max(_bestCentre, fitness);
                if (++_told < _m) return;
                NextGeneration();
                return;
            case 1:
                // the archive does not change during a generation: each novelty is final when told
                _fitness[_told] = fitness;
                _novelty[_told] = Novelty(behavior);
                if (++_told < 2 * _pairs) return;
                Step();
                _phase = 2; _told = _drawn = 0;
                return;
            default:
                behavior.CopyTo(_centreBehavior.AsSpan(_parent * _d, _d));
                AddToArchive(behavior);
                AdaptRewardWeight(fitness);
                NextGeneration();
                return;
        }
    }

    // the step of the parent: the weighted sum of its perturbations, then Adam as OpenAI-ES takes it
    void Step()
    {
        CentredRanks(_novelty, _shapedNovelty, _order);
        if (_variant == Variant.Ns) _shapedNovelty.CopyTo(_shaped, 0);
        else
        {
            CentredRanks(_fitness, _shaped, _order);
            double wf = _variant == Variant.Nsr ? 0.5 : _w;
            for (int i = 0; i < _shaped.Length; i++) _shaped[i] = wf * _shaped[i] + (1 - wf) * _shapedNovelty[i];
        }
        AntitheticSum(_shaped, _eps, _grad);
        AdamAscend(Centre(_parent), _grad, 2 * _pairs * _sigma, _adamM.AsSpan(_parent * N, N), _adamV.AsSpan(_parent * N, N),
                   ++_adamSteps[_parent], _step, _decay);
    }

    // NSRA-ES: toward the return when the centre improved, toward novelty after Patience generations without
    void AdaptRewardWeight(double fitness)
    {
        if (_variant != Variant.Nsra) return;
        if (fitness > _bestCentre) { _bestCentre = fitness; _w = Math.Min(1, _w + WeightDelta); _stale = 0; }
        else if (++_stale >= Patience) { _w = Math.Max(0, _w - WeightDelta); _stale = 0; }
    }

    // the next parent, drawn with probability proportional to its novelty (uniformly if none has any)
    void NextGeneration()
    {
        double sum = 0;
        for (int c = 0; c < _m; c++) sum += _centreNovelty[c] = Novelty(_centreBehavior.AsSpan(c * _d, _d));
        double u = _rng.NextDouble() * sum;
        _parent = _m - 1;
        if (sum > 0)
        {
            for (int c = 0; c < _m; c++) { u -= _centreNovelty[c]; if (u < 0) { _parent = c; break; } }
        }
        else _parent = (int)Math.Min(_m - 1, _rng.NextDouble() * _m);
        _phase = 1; _told = _drawn = 0;
    }

    /// <summary>The mean Euclidean distance from <paramref name="b"/> to its k nearest behaviours in the archive.</summary>
    internal double Novelty(ReadOnlySpan<double> b)
    {
        int found = 0;
        for (int a = 0; a < _archived; a++)
        {
            var other = _archive.AsSpan(a * _d, _d);
            double s = 0;
            for (int j = 0; j < _d; j++) { double t = b[j] - other[j]; s += t * t; }
            double dist = Math.Sqrt(s);
            if (found == _k && dist >= _nearest[_k - 1]) continue;
            // insert into the sorted k nearest
            int at = found < _k ? found++ : _k - 1;
            while (at > 0 && _nearest[at - 1] > dist) { _nearest[at] = _nearest[at - 1]; at--; }
            _nearest[at] = dist;
        }
        if (found == 0) return 0;
        double sum = 0;
        for (int i = 0; i < found; i++) sum += _nearest[i];
        return sum / found;
    }

    void AddToArchive(ReadOnlySpan<double> b)
    {
        if ((_archived + 1) * _d > _archive.Length) Array.Resize(ref _archive, _archive.Length * 2);
        b.CopyTo(_archive.AsSpan(_archived * _d, _d));
        _archived++;
    }

    /// <inheritdoc/>
    public override void Sync(StateArchive a)
    {
        a.Section("novelty-es");
        Require(_drawn == _told, "novelty search: a checkpoint with candidates asked and not told.");
        a.Sync(ref _rng); a.Sync(ref _phase); a.Sync(ref _told); a.Sync(ref _parent);
        a.Sync(ref _w); a.Sync(ref _bestCentre); a.Sync(ref _stale);
        a.Sync(_theta); a.Sync(_adamM); a.Sync(_adamV); a.Sync(_centreBehavior);
        for (int c = 0; c < _m; c++) a.Sync(ref _adamSteps[c]);
        a.Sync(_eps); a.Sync(_fitness); a.Sync(_novelty);
        a.Sync(ref _archived);
        if (_archived < 0 || (long)_archived * _d > MaxArchiveValues) throw new InvalidDataException($"novelty search: an archive of {_archived} behaviours is out of range.");
        if (a.IsLoading && _archived * _d > _archive.Length) _archive = new double[_archived * _d];
        a.Sync(_archive.AsSpan(0, _archived * _d));
        int phaseSize = _phase switch { 0 => _m, 1 => 2 * _pairs, 2 => 1, _ => -1 };
        if (phaseSize < 0 || _told < 0 || _told >= phaseSize || _parent < 0 || _parent >= _m)
            throw new InvalidDataException($"novelty search: phase {_phase}, {_told} told, parent {_parent} is not a state it can be in.");
        _drawn = _told;
    }
}
