// REIN-2 settings by name, for `--set key=value`: the outer-environment choices the paper leaves open,
// and `meta.<key>` for the meta-learner's PPO/A2C hyperparameters (SB3 names). Named presets hold the
// light per-env tuning; "sb3-default" keeps SB3's defaults.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using static Rein2.Pure.Algos.Settings;

namespace Rein2.Pure.Meta;

/// <summary>String access to <see cref="Rein2Options"/>.</summary>
public static class Rein2Keys
{
    /// <summary>Every REIN-2 setting (besides meta.*), once: its key, range, parser and text form.</summary>
    public static IReadOnlyList<Setting<Rein2Options>> Table { get; } =
    [
        Enum<Rein2Options, SubsetKind>("subset", o => o.Subset, (o, v) => o with { Subset = v }, SubsetKind.Rbv, SubsetKind.Layer, SubsetKind.Subspace),
        Enum<Rein2Options, InnerObservation>("inner_obs", o => o.InnerObs, (o, v) => o with { InnerObs = v }, InnerObservation.Raw, InnerObservation.Scaled),
        Int<Rein2Options>("subspace_dim", o => o.SubspaceDim, (o, v) => o with { SubspaceDim = v }, 1, Rein2Options.MaxSubspaceDim),
        Double<Rein2Options>("rbv", o => o.RbvFraction, (o, v) => o with { RbvFraction = v }, 0, 1, loExclusive: true),
        Int<Rein2Options>("episodes", o => o.Episodes, (o, v) => o with { Episodes = v }, 1, 100_000),
        Long<Rein2Options>("steps", o => o.MetaSteps, (o, v) => o with { MetaSteps = v }, 1, long.MaxValue),
        Double<Rein2Options>("bound", o => o.Bound, (o, v) => o with { Bound = v }, 0, 1e30, loExclusive: true),
        Enum<Rein2Options, BoundMode>("bound_mode", o => o.BoundMode, (o, v) => o with { BoundMode = v }, BoundMode.Absolute, BoundMode.Offset),
        Int<Rein2Options>("episode_length", o => o.EpisodeLength, (o, v) => o with { EpisodeLength = v }, 0, int.MaxValue),
        NetArch<Rein2Options>("inner_net_arch", o => o.InnerNetArch, (o, v) => o with { InnerNetArch = v }),
        Enum<Rein2Options, TrigMode>("inner_trig", o => o.InnerTrig, (o, v) => o with { InnerTrig = v }, TrigMode.Exact, TrigMode.Fast),
        Int<Rein2Options>("final_episodes", o => o.FinalEpisodes, (o, v) => o with { FinalEpisodes = v }, 1, 1_000_000),
        Enum<Rein2Options, OuterObservation>("outer_obs", o => o.OuterObservation, (o, v) => o with { OuterObservation = v }, OuterObservation.Difference, OuterObservation.Values, OuterObservation.ValuesAndReturn),
        Double<Rein2Options>("search_sigma", o => o.SearchSigma, (o, v) => o with { SearchSigma = v }, 0, 10),
        Bool<Rein2Options>("search_restart", o => o.SearchRestart, (o, v) => o with { SearchRestart = v }),
        Enum<Rein2Options, NoveltyBehavior>("novelty_bc", o => o.NoveltyBehavior, (o, v) => o with { NoveltyBehavior = v }, NoveltyBehavior.FinalObs, NoveltyBehavior.Env),
        Int<Rein2Options>("novelty_k", o => o.NoveltyNeighbors, (o, v) => o with { NoveltyNeighbors = v }, 1, 1000),
        Int<Rein2Options>("novelty_population", o => o.NoveltyPopulation, (o, v) => o with { NoveltyPopulation = v }, 1, 100),
    ];

    /// <summary>
    /// Whether meta-learner <paramref name="learner"/> reads setting <paramref name="key"/>: meta.* and
    /// outer_obs (its observation) only PPO/A2C, search_sigma the weight-space searches but random,
    /// search_restart ES/sep-CMA-ES/ARS, novelty_* the novelty learners; every other key every learner.
    /// A grid need not run a learner once per value of a setting it does not read.
    /// </summary>
    public static bool IsReadBy(MetaLearner learner, string key)
    {
        bool rl = learner is MetaLearner.Ppo or MetaLearner.A2c;
        bool novelty = learner is MetaLearner.NsEs or MetaLearner.NsrEs or MetaLearner.NsraEs;
        return key switch
        {
            "outer_obs" => rl,
            "search_sigma" => !rl && learner != MetaLearner.Random,
            "search_restart" => learner is MetaLearner.Es or MetaLearner.CmaEs or MetaLearner.Ars,
            "novelty_bc" or "novelty_k" or "novelty_population" => novelty,
            _ => !key.StartsWith("meta.", StringComparison.Ordinal) || rl,
        };
    }

    /// <summary>Keys (besides meta.*).</summary>
    public static IReadOnlyList<string> Keys { get; } = Table.Select(s => s.Key).ToArray();

    /// <summary>Preset names.</summary>
    public static IReadOnlyList<string> Presets { get; } = ["sb3-default", "fast-update"];

    /// <summary>Applies a named preset: "sb3-default" (SB3's PPO/A2C defaults) or "fast-update" (PPO updating every 64 outer steps).</summary>
    public static Rein2Options ApplyPreset(Rein2Options o, string name) => name switch
    {
        "sb3-default" => o with { MetaOptions = null },
        "fast-update" when !o.HasMetaTrainer =>
            throw new InvalidSettingException($"preset fast-update sets the meta-learner's PPO/A2C hyperparameters; meta={o.MetaLearner.ToString().ToLowerInvariant()} has none."),
        "fast-update" => o with
        {
            // PPO: one update of 64 steps in one minibatch; A2C (no minibatches) a rollout of 64 steps
            MetaOptions = o.MetaAlgo == OnPolicyAlgo.A2c
                ? OnPolicyOptions.Defaults(OnPolicyAlgo.A2c) with { NSteps = 64 }
                : OnPolicyOptions.Defaults(OnPolicyAlgo.Ppo) with { NSteps = 64, BatchSize = 64 },
        },
        _ => throw new InvalidSettingException($"Unknown preset '{name}'; allowed: {string.Join(", ", Presets)}."),
    };

    /// <summary>Returns <paramref name="o"/> with <paramref name="key"/> set, validated.</summary>
    public static Rein2Options Set(Rein2Options o, string key, string value)
    {
        if (key.StartsWith("meta."))
        {
            var mo = o.MetaOptions ?? OnPolicyOptions.Defaults(o.MetaAlgo);
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
        var r = Setting<Rein2Options>.Set(Table, o, key, value, "REIN-2", "setting", ", or meta.<PPO/A2C key>");
        r.Validate();
        return r;
    }

    /// <summary>Every setting as key → text, meta-learner keys prefixed "meta." (round-trips through <see cref="Set"/>).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Describe(Rein2Options o)
    {
        foreach (var setting in Table) yield return new(setting.Key, setting.Text(o));
        if (o.HasMetaTrainer)
            foreach (var (k, v) in OptionKeys.Describe(o.EffectiveMetaOptions))
                if (k is not ("n_timesteps" or "n_envs")) yield return new("meta." + k, v);
    }
}
