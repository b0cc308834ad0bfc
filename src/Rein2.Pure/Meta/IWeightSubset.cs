// The weight subset: which of the produced agent's weights the meta-learner writes, and how a
// meta-action becomes their values. The paper's RBV (§3.4) — a random 1 % of the weights, written
// directly — is "one implementation for the module responsible for defining a smaller state space"
// (§5); Subsets/ holds two more (the output layer, a random subspace), and a user's own class can
// take their place (Rein2Trainer's subset argument).
using Rein2.Pure.Nn;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta;

/// <summary>Maps a meta-action of <see cref="Dimension"/> values to the values of some of the produced agent's weights.</summary>
/// <remarks>
/// Obligations: deterministic (built from its generator, the same action always writes the same
/// values), writes nothing but <see cref="Indices"/>, and keeps no state that changes while the run
/// goes on (one instance serves every evaluation thread at once).
/// </remarks>
public interface IWeightSubset
{
    /// <summary>A short name for logs and checkpoints ("rbv", "layer", "subspace", …).</summary>
    string Name { get; }

    /// <summary>The meta-action's length (the outer MDP's action and observation size).</summary>
    int Dimension { get; }

    /// <summary>The flat parameter indices it writes, ascending, each once (every index for a subspace).</summary>
    ReadOnlySpan<int> Indices { get; }

    /// <summary>Writes a₀, the action that leaves the network at its initial parameters (the learners start there).</summary>
    void Start(Span<float> action);

    /// <summary>Writes the values of the weights at <see cref="Indices"/> for <paramref name="action"/> (already inside the box).</summary>
    void Write(ReadOnlySpan<float> action, Span<float> values);
}

/// <summary>What a weight subset is built from.</summary>
/// <param name="Layout">The produced agent's network.</param>
/// <param name="InitialParameters">Its parameters at initialisation (θ₀; a copy the subset may keep).</param>
/// <param name="Generator">The run's subset stream (the RBV's choice of indices draws from it).</param>
/// <param name="Options">The run's settings (rbv, bound_mode, subspace_dim, …).</param>
public sealed record WeightSubsetContext(MlpLayout Layout, float[] InitialParameters, Pcg64 Generator, Rein2Options Options);
