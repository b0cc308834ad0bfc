// A trained PPO/A2C policy ready to act, as loaded from a model file: the actor-critic network, the
// frozen VecNormalize observation statistics it was trained with (if any) and the environment's
// action space. Act is deterministic — argmax of the logits, or the Gaussian mean clipped to the Box,
// as SB3's predict(deterministic=True) — allocates nothing per call and keeps no state between calls:
// the model is a frozen copy, safe to share between threads.
using System.Runtime.CompilerServices;
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;

namespace Rein2.Pure.Algos;

/// <summary>A deterministic actor-critic agent for one environment; immutable and safe to share between threads.</summary>
public sealed class ActorCriticModel : IAgent
{
    readonly VecNormalize? _norm;   // frozen (Training = false): Act only reads its statistics
    readonly float[] _low, _high;

    /// <summary>Environment id the model was trained on.</summary>
    public string EnvId { get; }
    /// <summary>"ppo" or "a2c".</summary>
    public string Algo { get; }
    /// <summary>The network (this model's own copy).</summary>
    internal ActorCriticPolicy Policy { get; }
    /// <inheritdoc/>
    public int ObservationSize => Policy.ObsDim;
    /// <inheritdoc/>
    public Space ActionSpace { get; }
    /// <summary>Observation statistics used to normalise inputs, or null.</summary>
    internal RunningMeanStd? ObservationStats => _norm?.ObsRms;
    /// <summary>The frozen normaliser (statistics, epsilon, clip), or null.</summary>
    internal VecNormalize? Normalizer => _norm;

    /// <summary>
    /// Wraps a policy for an environment with <paramref name="actionSpace"/>; <paramref name="obsMean"/>/<paramref name="obsVar"/>
    /// are VecNormalize's statistics (or null). The policy and the statistics are copied, so the model
    /// is frozen at what they are now, whatever the trainer does next.
    /// </summary>
    public ActorCriticModel(string envId, Space actionSpace, string algo, ActorCriticPolicy policy, double[]? obsMean = null, double[]? obsVar = null)
    {
        EnvId = envId; Algo = algo; ActionSpace = actionSpace;
        Policy = new ActorCriticPolicy(policy.ObsDim, actionSpace, policy.NetArch, policy.ActivationFn);
        policy.Parameters.CopyTo(Policy.Parameters, 0);
        (_low, _high) = actionSpace is BoxSpace b ? (b.Low, b.High) : ([], []);
        if (obsMean != null && obsVar != null)
        {
            _norm = new VecNormalize(1, policy.ObsDim, 0.99) { Training = false };
            obsMean.CopyTo(_norm.ObsRms.Mean, 0);
            obsVar.CopyTo(_norm.ObsRms.Var, 0);
        }
    }

    /// <summary>The deterministic action for a raw observation (Discrete: the index in action[0]; Box: the clipped mean); thread-safe.</summary>
    [SkipLocalsInit]
    public void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        var pi = Policy.Pi;
        scoped ReadOnlySpan<float> x = observation[..Policy.ObsDim];
        if (_norm != null)
        {
            Span<float> normalized = Policy.ObsDim <= 1024 ? stackalloc float[Policy.ObsDim] : new float[Policy.ObsDim];
            x.CopyTo(normalized);
            _norm.NormalizeObs(normalized, 1);
            x = normalized;
        }
        if (Policy.IsDiscrete) { action[0] = MlpInference.ForwardArgMax(pi.Layout, pi.Parameters, x); return; }
        var mean = action[..Policy.ActionDim];
        MlpInference.Forward(pi.Layout, pi.Parameters, x, mean);
        for (int i = 0; i < mean.Length; i++) mean[i] = Math.Clamp(mean[i], _low[i], _high[i]);
    }
}
