// The paper's meta-learner: PPO or A2C (our SB3-equivalent trainer, a Gaussian policy over Box(d))
// acting in the outer MDP (OuterEnv). In ask/tell form: Ask samples the policy's action for the
// current outer state (the first half of a rollout step, OnPolicyTrainer.BeginStep) — after learning
// from the rollout first when it is full; Tell gives the outer MDP that action's fitness as its
// reward and takes the step (the second half, EndStep). The same draws in the same order as the
// trainer's own loop, so a run is bit-identical to PPO driving the outer MDP itself. Each action
// depends on the state the last reward led to: one candidate at a time.
using Rein2.Pure.Algos;
using Rein2.Pure.Checkpoints;

namespace Rein2.Pure.Meta;

/// <summary>PPO or A2C in the outer MDP, as an <see cref="IMetaLearner"/>.</summary>
public sealed class PolicyGradientMetaLearner : IMetaLearner
{
    readonly OnPolicyTrainer _trainer;

    /// <summary>The outer MDP the policy acts in.</summary>
    public OuterEnv Mdp { get; }

    /// <summary>PPO or A2C (<paramref name="options"/>' algorithm, one lane) over an outer MDP that starts at the context's a₀; its generators are the run seed's streams.</summary>
    public PolicyGradientMetaLearner(MetaLearnerContext context, OnPolicyOptions options, ulong seed)
    {
        var o = context.Options;
        Mdp = new OuterEnv(context.Start, context.Bound, o.OuterObservation, o.EpisodeLength);
        _trainer = new OnPolicyTrainer(Mdp, options with { NEnvs = 1 }, seed);
        Name = options.Algo == OnPolicyAlgo.A2c ? "a2c" : "ppo";
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The policy being learned.</summary>
    public ActorCriticPolicy Policy => _trainer.Policy;

    /// <summary>What the last update measured (losses, learning rate).</summary>
    public IterationStats LastUpdate { get; private set; }

    /// <inheritdoc/>
    public void Ask(Span<float> candidate)
    {
        if (_trainer.RolloutFull) LastUpdate = _trainer.Update();
        _trainer.BeginStep();
        _trainer.StepActions.CopyTo(candidate);
    }

    /// <inheritdoc/>
    public void Tell(double fitness, ReadOnlySpan<double> behavior)
    {
        Mdp.TellReward(fitness);
        Mdp.Step(_trainer.StepActions);
        _trainer.EndStep();
    }

    /// <inheritdoc/>
    public int CandidatesUntilUpdate => 1;

    /// <inheritdoc/>
    public void Sync(StateArchive archive) => _trainer.Sync(archive);
}
