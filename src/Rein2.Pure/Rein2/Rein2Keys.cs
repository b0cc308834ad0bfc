// REIN-2 settings by name, for `--set key=value`: the outer-environment choices the paper leaves open,
// and `meta.<key>` for the meta-learner's PPO/A2C hyperparameters (SB3 names). Named presets hold the
// light per-env tuning; "sb3-default" keeps SB3's defaults.
using System.Globalization;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;

namespace Rein2.Pure.Rein2;

/// <summary>String access to <see cref="Rein2Options"/>.</summary>
public static class Rein2Keys
{
    /// <summary>Keys (besides meta.*).</summary>
    public static IReadOnlyList<string> Keys { get; } = ["rbv", "episodes", "steps", "bound", "bound_mode", "episode_length", "inner_net_arch", "inner_trig", "final_episodes"];

    /// <summary>Preset names.</summary>
    public static IReadOnlyList<string> Presets { get; } = ["sb3-default", "fast-update"];

    /// <summary>Applies a named preset: "sb3-default" (SB3's PPO/A2C defaults) or "fast-update" (PPO updating every 64 outer steps).</summary>
    public static Rein2Options ApplyPreset(Rein2Options o, string name) => name switch
    {
        "sb3-default" => o with { MetaOptions = null },
        "fast-update" => o with
        {
            MetaOptions = OnPolicyOptions.Defaults(o.Meta == MetaLearner.A2c ? OnPolicyAlgo.A2c : OnPolicyAlgo.Ppo) with { NSteps = 64, BatchSize = 64 },
        },
        _ => throw new InvalidSettingException($"Unknown preset '{name}'; allowed: {string.Join(", ", Presets)}."),
    };

    /// <summary>Returns <paramref name="o"/> with <paramref name="key"/> set, validated.</summary>
    public static Rein2Options Set(Rein2Options o, string key, string value)
    {
        if (key.StartsWith("meta."))
        {
            var mo = o.MetaOptions ?? OnPolicyOptions.Defaults(o.Meta == MetaLearner.A2c ? OnPolicyAlgo.A2c : OnPolicyAlgo.Ppo);
            string sub = key[5..];
            try { return o with { MetaOptions = OptionKeys.Set(mo with { NEnvs = 1 }, sub, value) }; }
            catch (InvalidSettingException e)
            {
                // name the key as the user wrote it (meta.learning_rate, not learning_rate)
                int at = sub.Length == 0 ? -1 : e.Message.IndexOf($"'{sub}'", StringComparison.Ordinal) + 1;
                if (at <= 0 && sub.Length > 0) at = e.Message.StartsWith($"{sub}=", StringComparison.Ordinal) ? 0 : -1;
                throw new InvalidSettingException(at < 0 ? $"{key}: {e.Message}" : e.Message[..at] + "meta." + e.Message[at..]);
            }
        }
        var r = key switch
        {
            "rbv" => o with { Rbv = Dbl(key, value) },
            "episodes" => o with { Episodes = (int)Lng(key, value, 1, 100_000) },
            "steps" => o with { MetaSteps = Lng(key, value, 1, long.MaxValue) },
            "bound" => o with { Bound = Dbl(key, value) },
            "bound_mode" => o with
            {
                BoundMode = value.ToLowerInvariant() switch
                {
                    "absolute" => BoundMode.Absolute, "offset" => BoundMode.Offset,
                    _ => throw new InvalidSettingException($"bound_mode={value} is invalid; allowed: absolute, offset."),
                },
            },
            "episode_length" => o with { EpisodeLength = (int)Lng(key, value, 0, int.MaxValue) },
            "inner_net_arch" => o with { InnerNetArch = value.Split(',').Select(v => (int)Lng(key, v, 1, 4096)).ToArray() },
            "inner_trig" => o with
            {
                InnerTrig = value.ToLowerInvariant() switch
                {
                    "exact" => TrigMode.Exact, "fast" => TrigMode.Fast,
                    _ => throw new InvalidSettingException($"inner_trig={value} is invalid; allowed: exact, fast."),
                },
            },
            "final_episodes" => o with { FinalEpisodes = (int)Lng(key, value, 1, 1_000_000) },
            _ => throw new InvalidSettingException($"Unknown setting '{key}'; allowed: {string.Join(", ", Keys)}, or meta.<PPO/A2C key>."),
        };
        r.Validate();
        return r;
    }

    /// <summary>Every setting as key → text, meta-learner keys prefixed "meta." (round-trips through <see cref="Set"/>).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Describe(Rein2Options o)
    {
        static string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        yield return new("rbv", D(o.Rbv));
        yield return new("episodes", o.Episodes.ToString(CultureInfo.InvariantCulture));
        yield return new("steps", o.MetaSteps.ToString(CultureInfo.InvariantCulture));
        yield return new("bound", D(o.Bound));
        yield return new("bound_mode", o.BoundMode.ToString().ToLowerInvariant());
        yield return new("episode_length", o.EpisodeLength.ToString(CultureInfo.InvariantCulture));
        yield return new("inner_net_arch", string.Join(',', o.InnerNetArch));
        yield return new("inner_trig", o.InnerTrig.ToString().ToLowerInvariant());
        yield return new("final_episodes", o.FinalEpisodes.ToString(CultureInfo.InvariantCulture));
        if (o.Meta != MetaLearner.Random)
            foreach (var (k, v) in OptionKeys.Describe(o.EffectiveMetaOptions))
                if (k is not ("n_timesteps" or "n_envs")) yield return new("meta." + k, v);
    }

    static double Dbl(string key, string v) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d
        : throw new InvalidSettingException($"{key}={v} is not a number.");

    static long Lng(string key, string v, long lo, long hi) =>
        long.TryParse(v.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long r) && r >= lo && r <= hi ? r
        : throw new InvalidSettingException($"{key}={v} is invalid; allowed: an integer from {lo} to {hi}.");
}
