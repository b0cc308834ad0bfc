// Hyperparameters by their SB3/RL-Zoo names, for `--set key=value` and for summaries: every key is
// parsed and range-checked here, and an unknown key or a bad value is an ArgumentException naming the
// key, the value and what is allowed. No reflection: one switch per options type.
using System.Globalization;
using Rein2.Pure.Nn;
using Rein2.Pure.Optim;

namespace Rein2.Pure.Algos;

/// <summary>String access to <see cref="OnPolicyOptions"/> and <see cref="DqnOptions"/>.</summary>
public static class OptionKeys
{
    /// <summary>Keys accepted for PPO and A2C.</summary>
    public static IReadOnlyList<string> OnPolicyKeys { get; } =
    [
        "n_timesteps", "n_envs", "n_steps", "batch_size", "n_epochs", "gamma", "gae_lambda", "learning_rate", "clip_range",
        "clip_range_vf", "normalize_advantage", "ent_coef", "vf_coef", "max_grad_norm", "target_kl", "use_rms_prop", "rms_prop_eps",
        "net_arch", "activation_fn", "log_std_init", "normalize",
    ];

    static readonly string[] PpoOnly = ["batch_size", "n_epochs", "clip_range", "clip_range_vf", "target_kl"];
    static readonly string[] A2cOnly = ["use_rms_prop", "rms_prop_eps"];

    /// <summary>The keys SB3 accepts for <paramref name="algo"/> (A2C has no minibatches or clipping; PPO has no RMSprop).</summary>
    public static IReadOnlyList<string> KeysFor(OnPolicyAlgo algo) =>
        OnPolicyKeys.Where(k => algo == OnPolicyAlgo.Ppo ? !A2cOnly.Contains(k) : !PpoOnly.Contains(k)).ToArray();

    /// <summary>Keys accepted for DQN.</summary>
    public static IReadOnlyList<string> DqnKeys { get; } =
    [
        "n_timesteps", "learning_rate", "buffer_size", "learning_starts", "batch_size", "tau", "gamma", "train_freq", "gradient_steps",
        "target_update_interval", "exploration_fraction", "exploration_initial_eps", "exploration_final_eps", "max_grad_norm", "net_arch",
    ];

    /// <summary>Returns <paramref name="o"/> with <paramref name="key"/> set from <paramref name="value"/>, validated.</summary>
    public static OnPolicyOptions Set(OnPolicyOptions o, string key, string value)
    {
        if (OnPolicyKeys.Contains(key) && !KeysFor(o.Algo).Contains(key))
            throw new InvalidSettingException($"Hyperparameter '{key}' does not apply to {o.Algo.ToString().ToLowerInvariant()}; allowed: {string.Join(", ", KeysFor(o.Algo))}.");
        var r = key switch
        {
            "n_timesteps" => o with { TotalTimesteps = Long(key, value, 1, long.MaxValue) },
            "n_envs" => o with { NEnvs = Int(key, value, 1, 4096) },
            "n_steps" => o with { NSteps = Int(key, value, 1, 1 << 20) },
            "batch_size" => o with { BatchSize = Int(key, value, 1, 1 << 24) },
            "n_epochs" => o with { NEpochs = Int(key, value, 1, 10_000) },
            "gamma" => o with { Gamma = Dbl(key, value, 0, 1) },
            "gae_lambda" => o with { GaeLambda = Dbl(key, value, 0, 1) },
            "learning_rate" => o with { LearningRate = Sched(key, value) },
            "clip_range" => o with { ClipRange = Sched(key, value) },
            "clip_range_vf" => o with { ClipRangeVf = IsNone(value) ? null : Dbl(key, value, double.Epsilon, 1e6) },
            "normalize_advantage" => o with { NormalizeAdvantage = Bool(key, value) },
            "ent_coef" => o with { EntCoef = Dbl(key, value, 0, 1e6) },
            "vf_coef" => o with { VfCoef = Dbl(key, value, 0, 1e6) },
            "max_grad_norm" => o with { MaxGradNorm = Dbl(key, value, double.Epsilon, 1e12) },
            "target_kl" => o with { TargetKl = IsNone(value) ? null : Dbl(key, value, double.Epsilon, 1e6) },
            "use_rms_prop" => o with { UseRmsProp = Bool(key, value) },
            "rms_prop_eps" => o with { RmsPropEps = Dbl(key, value, 0, 1) },
            "net_arch" => o with { NetArch = Arch(key, value) },
            "activation_fn" => o with { ActivationFn = Act(key, value) },
            "log_std_init" => o with { LogStdInit = (float)Dbl(key, value, -20, 5) },
            "normalize" => o with { Normalize = Bool(key, value) },
            _ => throw new InvalidSettingException($"Unknown hyperparameter '{key}' for {o.Algo.ToString().ToLowerInvariant()}; allowed: {string.Join(", ", KeysFor(o.Algo))}."),
        };
        r.Validate();
        return r;
    }

    /// <summary>Returns <paramref name="o"/> with <paramref name="key"/> set from <paramref name="value"/>, validated.</summary>
    public static DqnOptions Set(DqnOptions o, string key, string value)
    {
        var r = key switch
        {
            "n_timesteps" => o with { TotalTimesteps = Long(key, value, 1, long.MaxValue) },
            "learning_rate" => o with { LearningRate = Sched(key, value) },
            "buffer_size" => o with { BufferSize = Int(key, value, 1, 100_000_000) },
            "learning_starts" => o with { LearningStarts = Int(key, value, 0, int.MaxValue) },
            "batch_size" => o with { BatchSize = Int(key, value, 1, 1 << 20) },
            "tau" => o with { Tau = Dbl(key, value, double.Epsilon, 1) },
            "gamma" => o with { Gamma = Dbl(key, value, 0, 1) },
            "train_freq" => o with { TrainFreq = Int(key, value, 1, int.MaxValue) },
            "gradient_steps" => o with { GradientSteps = value.Trim() == "-1" ? -1 : Int(key, value, 1, int.MaxValue) },
            "target_update_interval" => o with { TargetUpdateInterval = Int(key, value, 1, int.MaxValue) },
            "exploration_fraction" => o with { ExplorationFraction = Dbl(key, value, double.Epsilon, 1) },
            "exploration_initial_eps" => o with { ExplorationInitialEps = Dbl(key, value, 0, 1) },
            "exploration_final_eps" => o with { ExplorationFinalEps = Dbl(key, value, 0, 1) },
            "max_grad_norm" => o with { MaxGradNorm = Dbl(key, value, double.Epsilon, 1e12) },
            "net_arch" => o with { NetArch = Arch(key, value) },
            _ => throw new InvalidSettingException($"Unknown hyperparameter '{key}' for dqn; allowed: {string.Join(", ", DqnKeys)}."),
        };
        r.Validate();
        return r;
    }

    /// <summary>Every hyperparameter of <paramref name="o"/> as key → text (round-trips through <see cref="Set(OnPolicyOptions,string,string)"/>).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Describe(OnPolicyOptions o)
    {
        foreach (string k in KeysFor(o.Algo)) yield return new(k, Get(o, k));
    }

    /// <summary>Every hyperparameter of <paramref name="o"/> as key → text.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Describe(DqnOptions o)
    {
        foreach (string k in DqnKeys) yield return new(k, Get(o, k));
    }

    static string Get(OnPolicyOptions o, string key) => key switch
    {
        "n_timesteps" => Str(o.TotalTimesteps), "n_envs" => Str(o.NEnvs), "n_steps" => Str(o.NSteps), "batch_size" => Str(o.BatchSize),
        "n_epochs" => Str(o.NEpochs), "gamma" => Str(o.Gamma), "gae_lambda" => Str(o.GaeLambda), "learning_rate" => o.LearningRate.ToString(),
        "clip_range" => o.ClipRange.ToString(), "clip_range_vf" => o.ClipRangeVf is double c ? Str(c) : "none",
        "normalize_advantage" => Str(o.NormalizeAdvantage), "ent_coef" => Str(o.EntCoef), "vf_coef" => Str(o.VfCoef),
        "max_grad_norm" => Str(o.MaxGradNorm), "target_kl" => o.TargetKl is double t ? Str(t) : "none", "use_rms_prop" => Str(o.UseRmsProp),
        "rms_prop_eps" => Str(o.RmsPropEps), "net_arch" => string.Join(',', o.NetArch), "activation_fn" => o.ActivationFn.ToString().ToLowerInvariant(),
        "log_std_init" => Str(o.LogStdInit), "normalize" => Str(o.Normalize),
        _ => throw new System.Diagnostics.UnreachableException($"No getter for key {key}."),
    };

    static string Get(DqnOptions o, string key) => key switch
    {
        "n_timesteps" => Str(o.TotalTimesteps), "learning_rate" => o.LearningRate.ToString(), "buffer_size" => Str(o.BufferSize),
        "learning_starts" => Str(o.LearningStarts), "batch_size" => Str(o.BatchSize), "tau" => Str(o.Tau), "gamma" => Str(o.Gamma),
        "train_freq" => Str(o.TrainFreq), "gradient_steps" => Str(o.GradientSteps), "target_update_interval" => Str(o.TargetUpdateInterval),
        "exploration_fraction" => Str(o.ExplorationFraction), "exploration_initial_eps" => Str(o.ExplorationInitialEps),
        "exploration_final_eps" => Str(o.ExplorationFinalEps), "max_grad_norm" => Str(o.MaxGradNorm), "net_arch" => string.Join(',', o.NetArch),
        _ => throw new System.Diagnostics.UnreachableException($"No getter for key {key}."),
    };

    static string Str(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    static string Str(long v) => v.ToString(CultureInfo.InvariantCulture);
    static string Str(bool v) => v ? "true" : "false";
    static bool IsNone(string v) => v.Trim().ToLowerInvariant() is "none" or "null";

    static long Long(string key, string v, long lo, long hi)
    {
        string t = v.Trim();
        // accept 1e6-style integers as the Zoo writes them
        if (long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out long r) ||
            (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) < 9e18 && (r = (long)d) == r))
            if (r >= lo && r <= hi) return r;
        throw new InvalidSettingException($"{key}={v} is invalid; allowed: an integer from {lo} to {hi}.");
    }

    static int Int(string key, string v, int lo, int hi) => (int)Long(key, v, lo, hi);

    static double Dbl(string key, string v, double lo, double hi)
    {
        if (double.TryParse(v.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d >= lo && d <= hi) return d;
        throw new InvalidSettingException($"{key}={v} is invalid; allowed: a number in [{(lo == double.Epsilon ? "0 (exclusive)" : Str(lo))}, {Str(hi)}].");
    }

    static bool Bool(string key, string v) => v.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new InvalidSettingException($"{key}={v} is invalid; allowed: true or false."),
    };

    static Schedule Sched(string key, string v)
    {
        Schedule s;
        try { s = Schedule.Parse(v); }
        catch (FormatException) { throw new InvalidSettingException($"{key}={v} is invalid; allowed: a number > 0 (e.g. 3e-4) or lin_<number> (e.g. lin_0.001)."); }
        if (!(s.Initial > 0)) throw new InvalidSettingException($"{key}={v} is invalid; allowed: a number > 0 (e.g. 3e-4) or lin_<number> (e.g. lin_0.001).");
        return s;
    }

    static int[] Arch(string key, string v)
    {
        var parts = v.Trim().Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 8) throw new InvalidSettingException($"{key}={v} is invalid; allowed: 1 to 8 comma-separated sizes, e.g. 64,64.");
        return parts.Select(p => Int(key, p, 1, 4096)).ToArray();
    }

    static Activation Act(string key, string v)
    {
        try { return Activations.Parse(v.Trim()); }
        catch (ArgumentException) { throw new InvalidSettingException($"{key}={v} is invalid; allowed: tanh, relu, identity."); }
    }
}
