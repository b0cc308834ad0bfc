// REIN-2's produced agent for Box actions: a deterministic actor (Algos/ActorAgent.cs) — the MLP's
// tanh output stretched over the action box, as TD3's actor — with the Q-network's hidden layers
// (inner_net_arch, ReLU). The paper produces Q-networks only (its environments are Discrete); this is
// the same idea where argmax has nothing to pick from. Its episodes run in lockstep as the Q-network's
// do, each lane's action by a dense forward pass: every written weight may move every action, so
// there is no incremental shortcut (the Q-network's certified evaluator relies on argmax).
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta;

/// <summary>A deterministic actor (Box actions), reading raw or scaled observations.</summary>
public sealed class DeterministicActor(int observationSize, BoxSpace actions, IReadOnlyList<int> hidden, ObservationScaling? scaling = null) : ProducedAgent
{
    /// <inheritdoc/>
    public override MlpLayout Layout { get; } = new([observationSize, .. hidden, actions.Dim], Activation.Relu, Activation.Tanh);

    /// <summary>The action box.</summary>
    public BoxSpace Actions { get; } = actions;

    /// <summary>The fixed factors the network's input is scaled by (null: raw observations).</summary>
    public ObservationScaling? Scaling { get; } = scaling;

    /// <inheritdoc/>
    public override string Name => Scaling == null ? "deterministic-actor" : "deterministic-actor on scaled observations";

    /// <inheritdoc/>
    public override float[] Initialize(ref Pcg64 rng)
    {
        var net = new Mlp(Layout);
        Init.TorchDefault(net, ref rng);
        return net.Parameters.ToArray();
    }

    /// <inheritdoc/>
    public override IAgent ToAgent(string envId, ReadOnlySpan<float> parameters) => new ActorAgent(envId, Layout, parameters, Actions, Scaling);

    internal override IProducedAgentEvaluation NewEvaluation(EnvSpec env, float[] initialParameters, ReadOnlySpan<int> written, int episodes, TrigMode trig, BehaviorCharacterization? behavior) =>
        new LockstepEvaluation(new ActorLanes(this, env.Id, initialParameters, episodes), new InnerEvaluator(env, episodes, trig, behavior, Scaling), written.ToArray());

    // the actor over the lockstep lanes: each running lane's action computed exactly as ActorAgent.Act
    // computes it (one dense forward pass per row, MlpInference), so a saved agent replays the
    // episodes its score came from bit for bit — a batched GEMM would round differently, and a
    // continuous action carries every rounding into the trajectory (argmax hides them for a Q-network)
    sealed class ActorLanes : ILockstepPolicy
    {
        readonly float[] _parameters, _actions, _idle, _y;
        readonly MlpLayout _layout;
        readonly ActorAgent _stretch;
        readonly int _k;

        public ActorLanes(DeterministicActor actor, string envId, float[] parameters, int lanes)
        {
            _parameters = [.. parameters];
            _layout = actor.Layout;
            _stretch = new ActorAgent(envId, actor.Layout, _parameters, actor.Actions);
            _k = actor.Actions.Dim;
            Lanes = lanes;
            _actions = new float[lanes * _k];
            _y = new float[_k];
            // a finished lane's action: the middle of the box (its next episode is never played)
            _idle = [.. actor.Actions.Low.Zip(actor.Actions.High, (l, h) => (l + h) / 2)];
        }

        public int Lanes { get; }

        public void SetParameters(ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
        {
            for (int i = 0; i < indices.Length; i++) _parameters[indices[i]] = values[i];
        }

        public void BeginTrajectories() { }

        public void Step(VecEnv env, ReadOnlySpan<float> observations, int rows, ReadOnlySpan<int> running)
        {
            int d = _layout.InputSize;
            for (int lane = 0; lane < Lanes; lane++) _idle.CopyTo(_actions.AsSpan(lane * _k, _k));
            for (int r = 0; r < rows; r++)
            {
                MlpInference.Forward(_layout, _parameters, observations.Slice(r * d, d), _y);
                _stretch.Stretch(_y, _actions.AsSpan(running[r] * _k, _k));
            }
            env.Step(_actions);
        }
    }
}
