// REIN-2's produced agent as the paper has it: a DQN Q-network acting greedily (one output per
// action, argmax, first maximum on ties as torch.argmax). It is scored through the incremental,
// certified evaluator where the layout allows and the subset writes few weights (Greedy/), else
// through a transposed-weight copy that is fast at every batch size (InnerNetwork.cs).
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta;

/// <summary>A greedy Q-network (Discrete actions), reading raw or scaled observations.</summary>
public sealed class GreedyQNetwork(int observationSize, int actions, IReadOnlyList<int> hidden, ObservationScaling? scaling = null) : ProducedAgent
{
    readonly int[] _hidden = [.. hidden];

    /// <summary>The fixed factors the network's input is scaled by (null: raw observations).</summary>
    public ObservationScaling? Scaling { get; } = scaling;

    /// <inheritdoc/>
    public override MlpLayout Layout { get; } = new QNetwork(observationSize, actions, hidden).Net.Layout;

    /// <inheritdoc/>
    public override string Name => Scaling == null ? "greedy-q" : "greedy-q on scaled observations";

    /// <inheritdoc/>
    public override float[] Initialize(ref Pcg64 rng)
    {
        var q = New();
        q.InitializeTorchDefault(ref rng);
        return q.Net.Parameters.ToArray();
    }

    /// <inheritdoc/>
    public override IAgent ToAgent(string envId, ReadOnlySpan<float> parameters) => new QAgent(envId, WithParameters(parameters), Scaling);

    /// <summary>A Q-network holding <paramref name="parameters"/>.</summary>
    public QNetwork WithParameters(ReadOnlySpan<float> parameters)
    {
        var q = New();
        parameters.CopyTo(q.Net.Parameters);
        return q;
    }

    QNetwork New() => new(Layout.InputSize, Layout.OutputSize, _hidden);

    internal override IProducedAgentEvaluation NewEvaluation(EnvSpec env, float[] initialParameters, ReadOnlySpan<int> written, int episodes, TrigMode trig, BehaviorCharacterization? behavior)
    {
        // a subset that writes every weight (a subspace) has nothing to gain from the incremental evaluator
        bool dense = written.Length == Layout.ParameterCount;
        return new LockstepEvaluation(new InnerNetwork(WithParameters(initialParameters), episodes, dense), new InnerEvaluator(env, episodes, trig, behavior, Scaling), written.ToArray());
    }
}
