// The meta-learner (paper §3, "the agent that produces other agents"): each meta step it proposes a
// candidate — the meta-action, the values the weight subset writes into the produced agent — and
// then hears how good the produced agent was (Algorithm 1's reward: its mean return over N episodes).
// PPO and A2C act in the outer MDP (OuterEnv) and learn from its rewards; random search, OpenAI-ES,
// sep-CMA-ES, ARS and the novelty learners search the same space directly; a user's own class can
// take their place (Rein2Trainer's metaLearner argument, docs/embedding.md).
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta;

/// <summary>
/// A meta-learner in ask/tell form: <see cref="Ask"/> writes the next candidate, <see cref="Tell"/>
/// gives the fitness of the oldest candidate asked and not yet told.
/// </summary>
/// <remarks>
/// What the trainer relies on — a class that breaks one of these breaks resume and thread invariance:
/// <list type="bullet">
/// <item>Deterministic given its generator (<see cref="MetaLearnerContext.Generator"/>): the same
/// tells give the same asks. No other source of randomness, no clock.</item>
/// <item>Candidates inside the box [−bound, bound]^d (values outside are clipped by the trainer).</item>
/// <item>Up to <see cref="CandidatesUntilUpdate"/> candidates may be asked before the first of them is
/// told (the trainer evaluates them on several threads); they must be the candidates it would have
/// asked had each been told at once. A learner whose next candidate depends on the last fitness says 1.</item>
/// <item><see cref="Sync"/> saves and restores its whole state; it is called only when every
/// candidate asked has been told.</item>
/// </list>
/// </remarks>
public interface IMetaLearner
{
    /// <summary>A short name for logs and checkpoints ("ppo", "es", "hill-climber", …).</summary>
    string Name { get; }

    /// <summary>Writes the next candidate (length: the subset's dimension).</summary>
    void Ask(Span<float> candidate);

    /// <summary>The fitness (higher is better) and behaviour of the oldest candidate asked and not yet told; the behaviour is empty unless the learner asked for one (<see cref="MetaLearnerContext.BehaviorSize"/>).</summary>
    void Tell(double fitness, ReadOnlySpan<double> behavior);

    /// <summary>Candidates that may be asked before the next one depends on a fitness (1: none ahead; int.MaxValue for a memoryless search).</summary>
    int CandidatesUntilUpdate { get; }

    /// <summary>Saves or restores the learner's whole state (checkpoints).</summary>
    void Sync(StateArchive archive);
}

/// <summary>What a meta-learner is built from: the space it searches and its own generator.</summary>
/// <param name="Dimension">The candidate's length: the weight subset's dimension.</param>
/// <param name="Bound">Candidates lie in [−Bound, Bound]^Dimension.</param>
/// <param name="Start">The candidate that leaves the produced agent at its initialisation (a₀: the subset's initial values, or zeros for offsets).</param>
/// <param name="Generator">The run's policy stream, the learner's only source of randomness.</param>
/// <param name="BehaviorSize">The length of the behaviour each tell brings (0 unless the options ask for novelty search).</param>
/// <param name="Options">The run's settings (a learner may read its own from them).</param>
public sealed record MetaLearnerContext(int Dimension, double Bound, float[] Start, Pcg64 Generator, int BehaviorSize, Rein2Options Options);
