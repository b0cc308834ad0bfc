// Algorithm 1's Evaluate: a candidate (the meta-action) → the produced agent's mean return over N
// episodes, the inner environment steps they took, and — for novelty search — a behaviour. The
// candidate is clipped to the box, mapped by the weight subset onto the network's weights (θ₀
// everywhere else) and played greedily in N lockstep episodes. Episode i of meta step s starts from
// the seed base + s·N + i, so a score depends on the candidate and the step alone: never on what was
// evaluated before, nor on which thread evaluates it. One instance per thread; it keeps no best and
// counts nothing (the trainer does).
using Rein2.Pure.Envs;

namespace Rein2.Pure.Meta;

/// <summary>Scores candidates: one instance per thread.</summary>
public sealed class Fitness
{
    readonly IWeightSubset _subset;
    readonly IProducedAgentEvaluation _evaluation;
    readonly float[] _clipped, _values;
    readonly float _bound;
    readonly ulong _seedBase;
    readonly int _episodes;

    internal Fitness(IWeightSubset subset, IProducedAgentEvaluation evaluation, double bound, ulong seedBase, int episodes)
    {
        _subset = subset; _evaluation = evaluation; _bound = (float)bound; _seedBase = seedBase; _episodes = episodes;
        _clipped = new float[subset.Dimension];
        _values = new float[subset.Indices.Length];
    }

    /// <summary>The mean return and env steps of the produced agent for <paramref name="candidate"/>, played as meta step <paramref name="metaStep"/>.</summary>
    public (double Mean, long Steps) Evaluate(ReadOnlySpan<float> candidate, long metaStep)
    {
        for (int j = 0; j < _clipped.Length; j++) _clipped[j] = Math.Clamp(candidate[j], -_bound, _bound);
        _subset.Write(_clipped, _values);
        return _evaluation.Evaluate(_values, SeedOf(metaStep));
    }

    /// <summary>The last evaluation's behaviour, averaged over its episodes (novelty search; empty otherwise).</summary>
    public ReadOnlySpan<double> Behavior => _evaluation.Behavior;

    // Evaluation e's N lanes are seeded base + e·N + i (InnerEvaluator.cs): depends on the step alone
    ulong SeedOf(long metaStep) => unchecked(_seedBase + (ulong)metaStep * (ulong)_episodes);
}
