// A trained PPO/A2C policy ready to act, as loaded from a model file: the actor-critic network, the
// frozen VecNormalize observation statistics it was trained with (if any) and the environment's
// action space. Act is deterministic — argmax of the logits, or the Gaussian mean clipped to the Box,
// as SB3's predict(deterministic=True) — and allocates nothing per call.
using Rein2.Pure.Envs;

namespace Rein2.Pure.Algos;

/// <summary>A deterministic actor-critic agent for one environment.</summary>
public sealed class ActorCriticModel : IAgent
{
    readonly VecNormalize? _norm;
    readonly float[] _scratch;
    readonly float[] _low, _high;

    /// <summary>Environment id the model was trained on.</summary>
    public string EnvId { get; }
    /// <summary>"ppo" or "a2c".</summary>
    public string Algo { get; }
    /// <summary>The network.</summary>
    public ActorCriticPolicy Policy { get; }
    /// <inheritdoc/>
    public int ObservationSize => Policy.ObsDim;
    /// <inheritdoc/>
    public Space ActionSpace { get; }
    /// <summary>Observation statistics used to normalise inputs, or null.</summary>
    public RunningMeanStd? ObservationStats => _norm?.ObsRms;

    /// <summary>
    /// Wraps a policy for an environment with <paramref name="actionSpace"/>; <paramref name="obsMean"/>/<paramref name="obsVar"/>
    /// are VecNormalize's statistics (or null), copied, so the model is frozen at what they are now.
    /// </summary>
    public ActorCriticModel(string envId, Space actionSpace, string algo, ActorCriticPolicy policy, double[]? obsMean = null, double[]? obsVar = null)
    {
        EnvId = envId; Algo = algo; Policy = policy; ActionSpace = actionSpace;
        (_low, _high) = actionSpace is BoxSpace b ? (b.Low, b.High) : ([], []);
        if (obsMean != null && obsVar != null)
        {
            _norm = new VecNormalize(1, policy.ObsDim, 0.99) { Training = false };
            obsMean.CopyTo(_norm.ObsRms.Mean, 0);
            obsVar.CopyTo(_norm.ObsRms.Var, 0);
        }
        _scratch = new float[policy.ObsDim];
        policy.Pi.EnsureCapacity(1);
    }

    /// <summary>The deterministic action for a raw observation (Discrete: the index in action[0]; Box: the clipped mean).</summary>
    public void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        observation[..Policy.ObsDim].CopyTo(_scratch);
        _norm?.NormalizeObs(_scratch, 1);
        var head = Policy.Pi.Forward(_scratch, 1);
        if (Policy.IsDiscrete) action[0] = Nn.Categorical.ArgMax(head[..Policy.ActionDim]);
        else for (int i = 0; i < Policy.ActionDim; i++) action[i] = Math.Clamp(head[i], _low[i], _high[i]);
    }
}
