// What novelty search compares between agents: a vector that summarises how an episode went, the
// "behaviour characterisation" b(π) of Lehman & Stanley's novelty search and of Conti et al. (2018),
// "Improving exploration in evolution strategies for deep reinforcement learning via a population of
// novelty-seeking agents". Built up one observation at a time, so it needs nothing but what every
// Env already gives, and keeps its state in b itself: one object serves every lane and thread.
// The default, the episode's final observation, knows nothing of the task. An environment may declare
// one of its own (Env.Behavior): that is domain knowledge (for MountainCar, the highest position
// reached), and the protocols report both.
namespace Rein2.Pure.Envs;

/// <summary>A summary vector of one episode, for novelty search; stateless apart from <c>b</c>.</summary>
public abstract class BehaviorCharacterization
{
    /// <summary>Length of b.</summary>
    public abstract int Size { get; }

    /// <summary>A short name for logs and settings, e.g. "final observation".</summary>
    public abstract string Name { get; }

    /// <summary>Starts an episode: b from its first observation (after Reset).</summary>
    public abstract void Begin(ReadOnlySpan<float> observation, Span<double> b);

    /// <summary>After each step: b updated with the observation reached (on the last step, the final observation).</summary>
    public abstract void Step(ReadOnlySpan<float> observation, Span<double> b);

    /// <summary>The domain-free default: the episode's final observation (works for any environment).</summary>
    public static BehaviorCharacterization FinalObservation(int observationSize) => new Final(observationSize);

    sealed class Final(int size) : BehaviorCharacterization
    {
        public override int Size => size;
        public override string Name => "final observation";
        public override void Begin(ReadOnlySpan<float> observation, Span<double> b) => Step(observation, b);
        public override void Step(ReadOnlySpan<float> observation, Span<double> b)
        {
            for (int i = 0; i < b.Length; i++) b[i] = observation[i];
        }
    }
}
