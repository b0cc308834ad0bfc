// Hyperparameters of PPO and A2C, with stable-baselines3 v2.4.1's defaults (ppo/ppo.py, a2c/a2c.py,
// common/policies.py). The RL Zoo's tuned values per environment are in Presets.cs.
using Rein2.Pure.Nn;
using Rein2.Pure.Optim;

namespace Rein2.Pure.Algos;

/// <summary>Which on-policy algorithm.</summary>
public enum OnPolicyAlgo
{
    /// <summary>Proximal Policy Optimization (clipped surrogate, several epochs of minibatches).</summary>
    Ppo,
    /// <summary>Advantage Actor-Critic (one full-batch step per rollout).</summary>
    A2c,
}

/// <summary>PPO/A2C hyperparameters; defaults are SB3's for the chosen algorithm (see <see cref="Defaults"/>).</summary>
public sealed record OnPolicyOptions
{
    /// <summary>
    /// PPO or A2C: chosen by <see cref="Defaults"/> (a plain <c>new OnPolicyOptions()</c> is PPO), so
    /// the other defaults always belong to the algorithm — A2C's n_steps 5, RMSprop, no minibatches.
    /// </summary>
    public OnPolicyAlgo Algo { get; private init; } = OnPolicyAlgo.Ppo;
    /// <summary>
    /// Environment steps to train for (summed over lanes; SB3's total_timesteps). Training happens in
    /// whole rollouts of <see cref="NSteps"/> × <see cref="NEnvs"/> steps, as in SB3, so the budget is
    /// rounded up to the next whole rollout: 40,000 with 8 × 128 = 1,024 per rollout trains for 40,960.
    /// </summary>
    public long TotalTimesteps { get; init; } = 100_000;
    /// <summary>Parallel environments.</summary>
    public int NEnvs { get; init; } = 1;
    /// <summary>Steps per environment per rollout (PPO 2048, A2C 5).</summary>
    public int NSteps { get; init; } = 2048;
    /// <summary>Minibatch size (PPO 64); A2C uses the whole rollout.</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>Epochs over each rollout (PPO 10; A2C 1).</summary>
    public int NEpochs { get; init; } = 10;
    /// <summary>Discount γ.</summary>
    public double Gamma { get; init; } = 0.99;
    /// <summary>GAE λ (PPO 0.95, A2C 1.0).</summary>
    public double GaeLambda { get; init; } = 0.95;
    /// <summary>Learning rate schedule (PPO 3e-4, A2C 7e-4).</summary>
    public Schedule LearningRate { get; init; } = Schedule.Constant(3e-4);
    /// <summary>PPO clip range schedule (0.2).</summary>
    public Schedule ClipRange { get; init; } = Schedule.Constant(0.2);
    /// <summary>Value clip range (null: no value clipping, SB3's default).</summary>
    public double? ClipRangeVf { get; init; }
    /// <summary>Normalise advantages per minibatch (PPO true, A2C false).</summary>
    public bool NormalizeAdvantage { get; init; } = true;
    /// <summary>Entropy coefficient (0).</summary>
    public double EntCoef { get; init; }
    /// <summary>Value-loss coefficient (0.5).</summary>
    public double VfCoef { get; init; } = 0.5;
    /// <summary>Global gradient-norm clip (0.5).</summary>
    public double MaxGradNorm { get; init; } = 0.5;
    /// <summary>Stop an update's epochs early when approx-KL exceeds 1.5× this (null: never).</summary>
    public double? TargetKl { get; init; }
    /// <summary>A2C: RMSprop (true, SB3's default) or Adam.</summary>
    public bool UseRmsProp { get; init; }
    /// <summary>RMSprop ε (1e-5), RMSprop α is 0.99.</summary>
    public double RmsPropEps { get; init; } = 1e-5;
    /// <summary>Adam ε (SB3 actor-critic: 1e-5).</summary>
    public double AdamEps { get; init; } = 1e-5;
    /// <summary>Hidden sizes of the policy and value networks ([64, 64]).</summary>
    public int[] NetArch { get; init; } = [64, 64];
    /// <summary>Hidden activation (tanh).</summary>
    public Activation ActivationFn { get; init; } = Activation.Tanh;
    /// <summary>Initial log σ of the Gaussian policy (0).</summary>
    public float LogStdInit { get; init; }
    /// <summary>Wrap the environments in VecNormalize (the Zoo's normalize: true).</summary>
    public bool Normalize { get; init; }

    /// <summary>SB3's defaults for <paramref name="algo"/>: the only way to choose A2C.</summary>
    public static OnPolicyOptions Defaults(OnPolicyAlgo algo) => algo == OnPolicyAlgo.Ppo
        ? new OnPolicyOptions()
        : new OnPolicyOptions
        {
            Algo = OnPolicyAlgo.A2c, NSteps = 5, NEpochs = 1, GaeLambda = 1.0, LearningRate = Schedule.Constant(7e-4),
            NormalizeAdvantage = false, UseRmsProp = true, BatchSize = 0,
        };

    /// <summary>
    /// Throws an InvalidSettingException naming the first setting out of range (each setting's range
    /// is defined once, in <see cref="OptionKeys.OnPolicy"/>), or a setting that does not apply to the
    /// algorithm but was changed from its default (A2C makes one full-batch pass; PPO has no RMSprop).
    /// </summary>
    public void Validate()
    {
        foreach (var s in OptionKeys.OnPolicy) if (s.AppliesTo(this)) s.Check(this);
        var defaults = Defaults(Algo);
        foreach (var s in OptionKeys.OnPolicy)
            if (!s.AppliesTo(this) && s.Text(this) != s.Text(defaults))
                throw new InvalidSettingException($"{s.Key}={s.Text(this)} does not apply to {Algo.ToString().ToLowerInvariant()} (SB3's {Algo.ToString().ToLowerInvariant()} has no such setting); leave it at {s.Text(defaults)}, as OnPolicyOptions.Defaults(OnPolicyAlgo.{Algo}) has it.");
    }

    /// <summary>
    /// The checks between settings, made once they are all set (a trainer's constructor): a PPO
    /// minibatch cannot be larger than the rollout it is cut from (n_steps × n_envs).
    /// </summary>
    public void ValidateTogether()
    {
        Validate();
        long rollout = (long)NSteps * NEnvs;
        if (Algo == OnPolicyAlgo.Ppo && BatchSize > rollout)
            throw new InvalidSettingException($"batch_size={BatchSize} is larger than a rollout (n_steps {NSteps} × n_envs {NEnvs} = {rollout}); allowed: 1 … {rollout}.");
    }
}
