// REIN-2's settings. Every choice the paper leaves open is a field here, with the defaults of the
// Python reference (docs/reference-figures.md §4) so that the two can be compared seed
// population against seed population:
//   Bound = 1, BoundMode = Absolute — the outer action is the absolute value of each RBV parameter,
//     in [−1, 1] (SB3's normalised box, which PPO/A2C's Gaussian policy is built for). The paper states
//     no bounds; the reference found them decisive (best@1000: 37 / 235 / 301 for ±0.1 / ±1 / ±10).
//     Offset mode instead adds the action to the parameter's initial value.
//   EpisodeLength = 0 — the outer episode never ends (no truncation, nothing to bootstrap).
//   Episodes = 10 inner episodes per outer step, each seeded from a fresh deterministic stream.
//   s₀ = 0 and sₜ = aₜ − aₜ₋₁ with a₀ = the initial values at the RBV indices (paper §3.3).
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;

namespace Rein2.Pure.Meta;

/// <summary>How the outer action maps to the RBV parameters.</summary>
public enum BoundMode
{
    /// <summary>parameter = clip(action, −bound, bound).</summary>
    Absolute,
    /// <summary>parameter = initial value + clip(action, −bound, bound).</summary>
    Offset,
}

/// <summary>What the outer environment shows the meta-learner.</summary>
public enum OuterObservation
{
    /// <summary>sₜ = aₜ − aₜ₋₁, the paper's observation (§3.3).</summary>
    Difference,
    /// <summary>sₜ = aₜ: the RBV values in force now.</summary>
    Values,
    /// <summary>sₜ = (aₜ, the last produced agent's mean return): where the search is and how well it did there.</summary>
    ValuesAndReturn,
}

/// <summary>Which meta-learner drives the outer environment.</summary>
public enum MetaLearner
{
    /// <summary>PPO with a Gaussian policy over the outer action.</summary>
    Ppo,
    /// <summary>A2C with a Gaussian policy over the outer action.</summary>
    A2c,
    /// <summary>The control: uniform random actions in the box every step.</summary>
    Random,
    /// <summary>OpenAI-ES over the RBV weights (Salimans et al. 2017): antithetic Gaussian perturbations, centred ranks, Adam on the mean.</summary>
    Es,
    /// <summary>sep-CMA-ES over the RBV weights (Ros &amp; Hansen 2008): CMA-ES with a diagonal covariance.</summary>
    CmaEs,
    /// <summary>Augmented Random Search V1-t over the RBV weights (Mania et al. 2018).</summary>
    Ars,
    /// <summary>NS-ES (Conti et al. 2018): a population of ES centres climbing the novelty of their behaviour, not the return.</summary>
    NsEs,
    /// <summary>NSR-ES (Conti et al. 2018): NS-ES stepping on the average of the return's and the novelty's ranks.</summary>
    NsrEs,
    /// <summary>NSRA-ES (Conti et al. 2018): NSR-ES with the weight between return and novelty adapted when the return stagnates.</summary>
    NsraEs,
}

/// <summary>What novelty search measures the novelty of a produced agent on.</summary>
public enum NoveltyBehavior
{
    /// <summary>The inner episodes' final observations, averaged: works for any environment (no domain knowledge).</summary>
    FinalObs,
    /// <summary>The environment's own characterisation (<see cref="Env.Behavior"/>, e.g. MountainCar's highest position): domain knowledge.</summary>
    Env,
}

/// <summary>Which weights the meta-learner writes (the weight subset, paper §3.4 and §5).</summary>
public enum SubsetKind
{
    /// <summary>The paper's Randomized Batch Vector: a random fraction (rbv) of the weights (<see cref="RandomizedBatchVector"/>).</summary>
    Rbv,
    /// <summary>The output layer, whole (<see cref="OutputLayerSubset"/>).</summary>
    Layer,
    /// <summary>A random subspace through the initialisation, θ₀ + P·z, moving every weight (<see cref="RandomSubspace"/>).</summary>
    Subspace,
}

/// <summary>What the produced agent's network reads.</summary>
public enum InnerObservation
{
    /// <summary>The environment's observations as they are (the paper's).</summary>
    Raw,
    /// <summary>Scaled by fixed factors from the observation box (<see cref="ObservationScaling.FromBounds"/>), carried by the agent.</summary>
    Scaled,
}

/// <summary>REIN-2 run settings.</summary>
public sealed record Rein2Options
{
    /// <summary>Inner environment.</summary>
    public string Env { get; init; } = "CartPole-v1";
    /// <summary>Meta-learner.</summary>
    public MetaLearner MetaLearner { get; init; } = MetaLearner.Ppo;
    /// <summary>The weight subset the meta-learner writes (default: the paper's RBV).</summary>
    public SubsetKind Subset { get; init; } = SubsetKind.Rbv;
    /// <summary>What the produced agent reads: raw observations (the paper's) or scaled by the observation box.</summary>
    public InnerObservation InnerObs { get; init; } = InnerObservation.Raw;
    /// <summary>subset=subspace: the meta-action's dimension d.</summary>
    public int SubspaceDim { get; init; } = 100;
    /// <summary>The most <see cref="SubspaceDim"/> allowed.</summary>
    public const int MaxSubspaceDim = 10_000;
    /// <summary>Fraction of the Q-network's parameters in the RBV, in (0, 1].</summary>
    public double RbvFraction { get; init; } = 0.01;
    /// <summary>Inner episodes per outer step (N).</summary>
    public int Episodes { get; init; } = 10;
    /// <summary>Outer (meta) steps.</summary>
    public long MetaSteps { get; init; } = 2500;
    /// <summary>Action box half-width.</summary>
    public double Bound { get; init; } = 1.0;
    /// <summary>Absolute parameter values or offsets from the initial values.</summary>
    public BoundMode BoundMode { get; init; } = BoundMode.Absolute;
    /// <summary>Outer episode length (0: never ends, the reference's choice).</summary>
    public int EpisodeLength { get; init; }
    /// <summary>Hidden sizes of the produced agent's network, Q-network or actor (the Zoo's DQN: [256, 256]).</summary>
    public int[] InnerNetArch { get; init; } = [256, 256];
    /// <summary>Inner environments' trigonometry (Exact: Gymnasium-identical).</summary>
    public TrigMode InnerTrig { get; init; } = TrigMode.Exact;
    /// <summary>
    /// The weight-space learners' initial exploration scale, as a fraction of the box's width
    /// (2·bound): ES's σ, ARS's ν, sep-CMA-ES's σ₀. 0: each learner's default (see its file).
    /// </summary>
    public double SearchSigma { get; init; }
    /// <summary>
    /// es/cmaes/ars: when a whole generation scores the same (no signal for the update), restart the
    /// centre at a uniform point of the box instead of stepping along noise. Off by default (the
    /// papers' algorithms); see docs/rein2.md, "Beyond the paper".
    /// </summary>
    public bool SearchRestart { get; init; }
    /// <summary>nses/nsres/nsraes: the behaviour whose novelty is sought (default: the final observations, domain-free).</summary>
    public NoveltyBehavior NoveltyBehavior { get; init; }
    /// <summary>nses/nsres/nsraes: novelty is the mean distance to this many nearest behaviours in the archive (Conti et al. 2018: k = 10).</summary>
    public int NoveltyNeighbors { get; init; } = 10;
    /// <summary>nses/nsres/nsraes: the meta-population of search centres (Conti et al. 2018 use 3 to 5).</summary>
    public int NoveltyPopulation { get; init; } = 3;

    /// <summary>True for the novelty-seeking learners (nses, nsres, nsraes), which record a behaviour per evaluation.</summary>
    public bool SeeksNovelty => MetaLearner is MetaLearner.NsEs or MetaLearner.NsrEs or MetaLearner.NsraEs;

    /// <summary>The behaviour characterisation a novelty learner uses in <paramref name="env"/>, or null for the other learners.</summary>
    internal BehaviorCharacterization? BehaviorIn(EnvSpec env) => !SeeksNovelty ? null
        : NoveltyBehavior == NoveltyBehavior.FinalObs ? BehaviorCharacterization.FinalObservation(env.ObservationSize)
        : env.Behavior ?? throw new InvalidSettingException($"novelty_bc=env, but {env.Id} declares no behaviour characterisation of its own (Env.Behavior); allowed there: novelty_bc=finalobs.");
    /// <summary>The meta-learner's observation (default: the paper's difference of consecutive actions).</summary>
    public OuterObservation OuterObservation { get; init; }
    /// <summary>Fresh episodes for the final re-evaluation of the best agent (the "solved" protocol).</summary>
    public int FinalEpisodes { get; init; } = 100;
    /// <summary>The meta-learner's PPO/A2C hyperparameters (default: SB3's defaults).</summary>
    public OnPolicyOptions? MetaOptions { get; init; }
    /// <summary>
    /// Threads that evaluate a weight-space learner's candidates at once (random, es, cmaes, ars, nses, nsres, nsraes: a
    /// generation's candidates, or blocks of random search's). Not a setting of the run: results and
    /// checkpoints are bit-identical for every count, and a run may resume with another. PPO/A2C
    /// meta-learners take one candidate per step (each action depends on the last reward), so they
    /// use one thread whatever this says. Each extra thread holds its own copy of the inner network
    /// and environments (made from the env's factory: a user's environment must not share state
    /// between its instances).
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>The most <see cref="Threads"/> allowed.</summary>
    public const int MaxThreads = 1024;

    /// <summary>True when the meta-learner is an RL agent (PPO or A2C) acting in the outer environment; false for the weight-space searches.</summary>
    public bool HasMetaTrainer => MetaLearner is MetaLearner.Ppo or MetaLearner.A2c;

    /// <summary>The meta options in force: the given ones, or SB3's defaults for the meta algorithm.</summary>
    public OnPolicyOptions EffectiveMetaOptions =>
        (MetaOptions ?? OnPolicyOptions.Defaults(MetaAlgo)) with { NEnvs = 1, TotalTimesteps = MetaSteps };

    /// <summary>The on-policy algorithm of a PPO/A2C meta-learner (PPO for the others, whose MetaOptions are unused).</summary>
    public OnPolicyAlgo MetaAlgo => MetaLearner == MetaLearner.A2c ? OnPolicyAlgo.A2c : OnPolicyAlgo.Ppo;

    /// <summary>
    /// Checks what only the settings together can show (each key alone is checked as it is set, so
    /// the order of --set flags never matters): the run's trainer calls it.
    /// </summary>
    public void ValidateTogether()
    {
        if (Subset == SubsetKind.Subspace && BoundMode == BoundMode.Absolute)
            throw new InvalidSettingException("subset=subspace moves θ₀ along P·z, an offset by nature: it needs bound_mode=offset (bound_mode=absolute has no meaning there).");
    }

    /// <summary>Throws an InvalidSettingException naming the first invalid setting; <see cref="Env"/> must be a registered id.</summary>
    public void Validate()
    {
        Validate(RegisteredEnv());
    }

    /// <summary>The registered spec of <see cref="Env"/>; an unknown id names the known ones.</summary>
    internal EnvSpec RegisteredEnv() => EnvRegistry.Contains(Env) ? EnvRegistry.Spec(Env)
        : throw new InvalidSettingException($"env={Env} is not known; allowed: {string.Join(", ", EnvRegistry.Ids)}.");

    /// <summary>Throws an InvalidSettingException naming the first invalid setting, for the inner environment <paramref name="env"/>.</summary>
    public void Validate(EnvSpec env)
    {
        // the produced agent: a greedy Q-network for Discrete actions (paper §3), a deterministic actor for Box actions
        if (env.ActionSpace is not (DiscreteSpace or BoxSpace))
            throw new InvalidSettingException($"env={env.Id} has a {env.ActionSpace} action space; REIN-2 produces agents for Discrete and Box actions.");
        foreach (var setting in Rein2Keys.Table) setting.Check(this);
        if (Threads is < 1 or > MaxThreads) throw new InvalidSettingException($"threads={Threads} is out of range; allowed: 1 … {MaxThreads}.");
        _ = BehaviorIn(env);
        Rein2Footprint.Check(this, env, env.ActionSpace is DiscreteSpace d ? d.N : ((BoxSpace)env.ActionSpace).Dim);
        // the meta-learner's hyperparameters must belong to it: MetaOptions built for PPO would
        // otherwise run PPO under meta=a2c, and the random control has no hyperparameters at all
        if (MetaOptions is { } mo)
        {
            if (!HasMetaTrainer)
                throw new InvalidSettingException($"meta={MetaLearner.ToString().ToLowerInvariant()} is a weight-space search, not an RL meta-learner: it has no PPO/A2C hyperparameters; leave MetaOptions (meta.*) unset, or choose meta=ppo or a2c.");
            if (mo.Algo != MetaAlgo)
                throw new InvalidSettingException($"meta={MetaLearner.ToString().ToLowerInvariant()} but MetaOptions are {mo.Algo.ToString().ToUpperInvariant()}'s; build them with OnPolicyOptions.Defaults(OnPolicyAlgo.{MetaAlgo}).");
        }
        EffectiveMetaOptions.Validate();
    }
}
