// The built-in meta-learners by name: the paper's PPO and A2C (through the outer MDP), the random
// control and the weight-space searches. Rein2Trainer builds one from the options unless it is given
// a learner of the user's own.
using Rein2.Pure.Meta.Search;

namespace Rein2.Pure.Meta;

/// <summary>The meta-learners REIN-2 ships.</summary>
public static class MetaLearners
{
    /// <summary>Each built-in meta-learner: its name (as --meta takes it) and what it is.</summary>
    public static IReadOnlyList<(MetaLearner Kind, string Name, string Description)> All { get; } =
    [
        (MetaLearner.Ppo, "ppo", "PPO in the outer MDP (the paper's; SB3's defaults, a Gaussian policy over the meta-action)"),
        (MetaLearner.A2c, "a2c", "A2C in the outer MDP (the paper's)"),
        (MetaLearner.Random, "random", "the control: every candidate uniform on the box"),
        (MetaLearner.Es, "es", "OpenAI-ES (Salimans et al. 2017): antithetic Gaussian pairs, centred ranks, Adam"),
        (MetaLearner.CmaEs, "cmaes", "sep-CMA-ES (Ros & Hansen 2008): CMA-ES with a diagonal covariance"),
        (MetaLearner.Ars, "ars", "Augmented Random Search V1-t (Mania et al. 2018)"),
        (MetaLearner.NsEs, "nses", "NS-ES (Conti et al. 2018): ES towards novel behaviours"),
        (MetaLearner.NsrEs, "nsres", "NSR-ES: half novelty, half return"),
        (MetaLearner.NsraEs, "nsraes", "NSRA-ES: novelty and return, the weight adapted"),
    ];

    /// <summary>The names --meta takes, in the order <see cref="All"/> lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(m => m.Name)];

    /// <summary>The built-in meta-learner called <paramref name="name"/>; null when there is none.</summary>
    public static MetaLearner? Parse(string name)
    {
        foreach (var (kind, n, _) in All) if (n == name) return kind;
        return null;
    }

    /// <summary>The built-in learner <paramref name="context"/>'s options name, for a run of <paramref name="seed"/>.</summary>
    public static IMetaLearner Create(MetaLearnerContext context, ulong seed)
    {
        var o = context.Options;
        double? sigma = o.SearchSigma > 0 ? o.SearchSigma : null;
        // the learners' centres start from a₀ (the initial values in absolute mode, zero offsets otherwise)
        ReadOnlySpan<float> start = context.Start;
        var rng = context.Generator;
        return o.MetaLearner switch
        {
            MetaLearner.Ppo or MetaLearner.A2c => new PolicyGradientMetaLearner(context, o.EffectiveMetaOptions, seed),
            MetaLearner.Es => new OpenAiEs(start, o.Bound, rng, sigma, restartOnFlat: o.SearchRestart),
            MetaLearner.CmaEs => new SepCmaEs(start, o.Bound, rng, sigma, restartOnFlat: o.SearchRestart),
            MetaLearner.Ars => new AugmentedRandomSearch(start, o.Bound, rng, sigma, restartOnFlat: o.SearchRestart),
            MetaLearner.NsEs or MetaLearner.NsrEs or MetaLearner.NsraEs => new NoveltySearchEs(NoveltySearchEs.VariantOf(o.MetaLearner), start,
                o.Bound, rng, context.BehaviorSize, sigma, o.NoveltyNeighbors, o.NoveltyPopulation),
            _ => new UniformSearch(context.Dimension, o.Bound, rng),
        };
    }
}
