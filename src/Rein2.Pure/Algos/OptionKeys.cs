// Hyperparameters by their SB3/RL-Zoo names, for `--set key=value`, config files and summaries. Each
// is defined once, in the tables below (Settings.cs): the parser, the text form, the key lists and
// OnPolicyOptions/DqnOptions.Validate all read the same line. No reflection.
using Rein2.Pure.Nn;
using static Rein2.Pure.Algos.Settings;

namespace Rein2.Pure.Algos;

/// <summary>String access to <see cref="OnPolicyOptions"/> and <see cref="DqnOptions"/>.</summary>
public static class OptionKeys
{
    static bool Ppo(OnPolicyOptions o) => o.Algo == OnPolicyAlgo.Ppo;
    static bool A2c(OnPolicyOptions o) => o.Algo == OnPolicyAlgo.A2c;

    /// <summary>Every PPO/A2C setting, once (those marked PPO or A2C apply to that algorithm only, as in SB3).</summary>
    public static IReadOnlyList<Setting<OnPolicyOptions>> OnPolicy { get; } =
    [
        Long<OnPolicyOptions>("n_timesteps", o => o.TotalTimesteps, (o, v) => o with { TotalTimesteps = v }, 1, long.MaxValue),
        Int<OnPolicyOptions>("n_envs", o => o.NEnvs, (o, v) => o with { NEnvs = v }, 1, 4096),
        Int<OnPolicyOptions>("n_steps", o => o.NSteps, (o, v) => o with { NSteps = v }, 1, 1 << 20),
        Int<OnPolicyOptions>("batch_size", o => o.BatchSize, (o, v) => o with { BatchSize = v }, 1, 1 << 24, Ppo),
        Int<OnPolicyOptions>("n_epochs", o => o.NEpochs, (o, v) => o with { NEpochs = v }, 1, 10_000, Ppo),
        Double<OnPolicyOptions>("gamma", o => o.Gamma, (o, v) => o with { Gamma = v }, 0, 1),
        Double<OnPolicyOptions>("gae_lambda", o => o.GaeLambda, (o, v) => o with { GaeLambda = v }, 0, 1),
        Schedule<OnPolicyOptions>("learning_rate", o => o.LearningRate, (o, v) => o with { LearningRate = v }),
        Schedule<OnPolicyOptions>("clip_range", o => o.ClipRange, (o, v) => o with { ClipRange = v }, Ppo),
        OptionalDouble<OnPolicyOptions>("clip_range_vf", o => o.ClipRangeVf, (o, v) => o with { ClipRangeVf = v }, 0, 1e6, Ppo),
        Bool<OnPolicyOptions>("normalize_advantage", o => o.NormalizeAdvantage, (o, v) => o with { NormalizeAdvantage = v }),
        Double<OnPolicyOptions>("ent_coef", o => o.EntCoef, (o, v) => o with { EntCoef = v }, 0, 1e6),
        Double<OnPolicyOptions>("vf_coef", o => o.VfCoef, (o, v) => o with { VfCoef = v }, 0, 1e6),
        Double<OnPolicyOptions>("max_grad_norm", o => o.MaxGradNorm, (o, v) => o with { MaxGradNorm = v }, 0, 1e12, loExclusive: true),
        OptionalDouble<OnPolicyOptions>("target_kl", o => o.TargetKl, (o, v) => o with { TargetKl = v }, 0, 1e6, Ppo),
        Bool<OnPolicyOptions>("use_rms_prop", o => o.UseRmsProp, (o, v) => o with { UseRmsProp = v }, A2c),
        Double<OnPolicyOptions>("rms_prop_eps", o => o.RmsPropEps, (o, v) => o with { RmsPropEps = v }, 0, 1, applies: A2c),
        NetArch<OnPolicyOptions>("net_arch", o => o.NetArch, (o, v) => o with { NetArch = v }),
        Enum<OnPolicyOptions, Activation>("activation_fn", o => o.ActivationFn, (o, v) => o with { ActivationFn = v }, Activation.Tanh, Activation.Relu, Activation.Identity),
        Double<OnPolicyOptions>("log_std_init", o => o.LogStdInit, (o, v) => o with { LogStdInit = (float)v }, -20, 5),
        Bool<OnPolicyOptions>("normalize", o => o.Normalize, (o, v) => o with { Normalize = v }),
    ];

    /// <summary>Every DQN setting, once.</summary>
    public static IReadOnlyList<Setting<DqnOptions>> Dqn { get; } =
    [
        Long<DqnOptions>("n_timesteps", o => o.TotalTimesteps, (o, v) => o with { TotalTimesteps = v }, 1, long.MaxValue),
        Schedule<DqnOptions>("learning_rate", o => o.LearningRate, (o, v) => o with { LearningRate = v }),
        Int<DqnOptions>("buffer_size", o => o.BufferSize, (o, v) => o with { BufferSize = v }, 1, 100_000_000),
        Int<DqnOptions>("learning_starts", o => o.LearningStarts, (o, v) => o with { LearningStarts = v }, 0, int.MaxValue),
        Int<DqnOptions>("batch_size", o => o.BatchSize, (o, v) => o with { BatchSize = v }, 1, 1 << 20),
        Double<DqnOptions>("tau", o => o.Tau, (o, v) => o with { Tau = v }, 0, 1, loExclusive: true),
        Double<DqnOptions>("gamma", o => o.Gamma, (o, v) => o with { Gamma = v }, 0, 1),
        Int<DqnOptions>("train_freq", o => o.TrainFreq, (o, v) => o with { TrainFreq = v }, 1, int.MaxValue),
        Int<DqnOptions>("gradient_steps", o => o.GradientSteps, (o, v) => o with { GradientSteps = v }, -1, int.MaxValue),
        Int<DqnOptions>("target_update_interval", o => o.TargetUpdateInterval, (o, v) => o with { TargetUpdateInterval = v }, 1, int.MaxValue),
        Double<DqnOptions>("exploration_fraction", o => o.ExplorationFraction, (o, v) => o with { ExplorationFraction = v }, 0, 1, loExclusive: true),
        Double<DqnOptions>("exploration_initial_eps", o => o.ExplorationInitialEps, (o, v) => o with { ExplorationInitialEps = v }, 0, 1),
        Double<DqnOptions>("exploration_final_eps", o => o.ExplorationFinalEps, (o, v) => o with { ExplorationFinalEps = v }, 0, 1),
        Double<DqnOptions>("max_grad_norm", o => o.MaxGradNorm, (o, v) => o with { MaxGradNorm = v }, 0, 1e12, loExclusive: true),
        NetArch<DqnOptions>("net_arch", o => o.NetArch, (o, v) => o with { NetArch = v }),
    ];

    /// <summary>The keys SB3 accepts for <paramref name="algo"/> (A2C has no minibatches or clipping; PPO has no RMSprop).</summary>
    public static IReadOnlyList<string> KeysFor(OnPolicyAlgo algo) => Setting<OnPolicyOptions>.Keys(OnPolicy, OnPolicyOptions.Defaults(algo)).ToArray();

    /// <summary>Keys accepted for DQN.</summary>
    public static IReadOnlyList<string> DqnKeys { get; } = Dqn.Select(s => s.Key).ToArray();

    /// <summary>Returns <paramref name="o"/> with <paramref name="key"/> set from <paramref name="value"/>, validated.</summary>
    public static OnPolicyOptions Set(OnPolicyOptions o, string key, string value)
    {
        var r = Setting<OnPolicyOptions>.Set(OnPolicy, o, key, value, o.Algo.ToString().ToLowerInvariant());
        r.Validate();
        return r;
    }

    /// <summary>Returns <paramref name="o"/> with <paramref name="key"/> set from <paramref name="value"/>, validated.</summary>
    public static DqnOptions Set(DqnOptions o, string key, string value)
    {
        var r = Setting<DqnOptions>.Set(Dqn, o, key, value, "dqn");
        r.Validate();
        return r;
    }

    /// <summary>Every hyperparameter of <paramref name="o"/> as key → text (round-trips through <see cref="Set(OnPolicyOptions,string,string)"/>).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Describe(OnPolicyOptions o) =>
        OnPolicy.Where(s => s.AppliesTo(o)).Select(s => new KeyValuePair<string, string>(s.Key, s.Text(o)));

    /// <summary>Every hyperparameter of <paramref name="o"/> as key → text.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Describe(DqnOptions o) =>
        Dqn.Select(s => new KeyValuePair<string, string>(s.Key, s.Text(o)));
}
