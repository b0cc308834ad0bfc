// The produced agent (the paper's inner-learner, §3): the network whose weights the meta-learner
// writes, how it acts, and how one set of weights is scored over N episodes. REIN-2's is a greedy
// Q-network (DQN's, for Discrete actions: argmax over one output per action), and for Box actions a
// deterministic actor (its tanh output stretched over the box); ProducedAgent.For picks by the
// environment's action space.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta;

/// <summary>What REIN-2 produces: a network of a fixed shape, scored by the episodes it plays.</summary>
public abstract class ProducedAgent
{
    /// <summary>The network the weight subset writes into.</summary>
    public abstract MlpLayout Layout { get; }

    /// <summary>A short name ("greedy-q").</summary>
    public abstract string Name { get; }

    /// <summary>θ₀: the network's parameters at initialisation (PyTorch's default init, as SB3 builds its networks), drawn from <paramref name="rng"/>.</summary>
    public abstract float[] Initialize(ref Pcg64 rng);

    /// <summary>A standalone agent acting with <paramref name="parameters"/> (saved by AgentFile, shared by any number of threads).</summary>
    public abstract IAgent ToAgent(string envId, ReadOnlySpan<float> parameters);

    /// <summary>
    /// One evaluator of weights (for one thread): plays <paramref name="episodes"/> episodes in
    /// lockstep with the network at θ₀ but for the <paramref name="written"/> indices.
    /// </summary>
    internal abstract IProducedAgentEvaluation NewEvaluation(EnvSpec env, float[] initialParameters, ReadOnlySpan<int> written, int episodes, TrigMode trig, BehaviorCharacterization? behavior);

    /// <summary>The input scaling inner_obs asks for (null: raw observations).</summary>
    internal static ObservationScaling? ScalingOf(EnvSpec env, Rein2Options options) =>
        options.InnerObs == InnerObservation.Scaled ? ObservationScaling.FromBounds(env.ObservationSpace) : null;

    /// <summary>The produced agent REIN-2 makes for <paramref name="env"/>: a greedy Q-network for Discrete actions, a deterministic actor for Box actions.</summary>
    public static ProducedAgent For(EnvSpec env, Rein2Options options) => env.ActionSpace switch
    {
        DiscreteSpace d => new GreedyQNetwork(env.ObservationSize, d.N, options.InnerNetArch, ScalingOf(env, options)),
        BoxSpace b => new DeterministicActor(env.ObservationSize, b, options.InnerNetArch, ScalingOf(env, options)),
        _ => throw new InvalidSettingException($"env={env.Id} has a {env.ActionSpace} action space; REIN-2 produces agents for Discrete and Box actions."),
    };
}

/// <summary>A produced agent's policy over lockstep lanes, scored by the lockstep evaluator: the one evaluation of both kinds.</summary>
internal sealed class LockstepEvaluation(ILockstepPolicy policy, InnerEvaluator eval, int[] written) : IProducedAgentEvaluation
{
    public (double Mean, long Steps) Evaluate(ReadOnlySpan<float> values, ulong seedBase, Span<double> returns = default, Span<int> lengths = default)
    {
        policy.SetParameters(written, values);
        return eval.Evaluate(policy, seedBase, returns, lengths);
    }

    public ReadOnlySpan<double> Behavior => eval.LastBehavior;
}

/// <summary>One thread's scorer of a produced agent's weights.</summary>
internal interface IProducedAgentEvaluation
{
    /// <summary>
    /// Writes <paramref name="values"/> at the subset's indices, then plays the episodes (lanes seeded
    /// seedBase + i); the mean return and the env steps, and each episode's return and length when asked.
    /// </summary>
    (double Mean, long Steps) Evaluate(ReadOnlySpan<float> values, ulong seedBase, Span<double> returns = default, Span<int> lengths = default);

    /// <summary>The last evaluation's behaviour (empty without a characterisation).</summary>
    ReadOnlySpan<double> Behavior { get; }
}
