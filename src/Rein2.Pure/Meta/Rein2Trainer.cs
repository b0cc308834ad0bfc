// A REIN-2 run (paper Algorithm 1) read top to bottom:
//   SETUP     inner Q-network (PyTorch default init) + RBV from the seed; the outer environment
//   META      PPO or A2C (our SB3-equivalent trainer, Gaussian policy over Box(k)) or the random
//             control drives the outer environment for exactly MetaSteps outer steps
//   KEEP-BEST every outer step's inner agent is scored; the best one's RBV values are kept
//   RE-EVAL   the best agent is re-evaluated on FinalEpisodes fresh episodes (seeds no training
//             evaluation used) — the standard "solved" protocol — and can be saved as an agent file
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Meta.Search;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta;

/// <summary>Runs REIN-2 with a meta-learner: PPO or A2C (the paper's), or a search in weight space (random, OpenAI-ES, sep-CMA-ES, ARS).</summary>
public sealed class Rein2Trainer : ITrainer, IHostedTrainer
{
    readonly ulong _seed;
    readonly WeightSearch? _search; // the random control or a weight-space learner (null for PPO/A2C)

    /// <summary>The settings.</summary>
    public Rein2Options Options { get; }
    /// <summary>The outer environment (holds the inner agent and the best-so-far).</summary>
    public OuterEnv Outer { get; }
    /// <summary>The PPO/A2C meta-learner (null for the random control and the weight-space learners); driven only through this trainer.</summary>
    internal OnPolicyTrainer? MetaTrainer { get; }
    readonly TrainerLifecycle _life = new();
    EnvSpec? IHostedTrainer.Env => Outer.InnerEnv;
    ulong IHostedTrainer.Seed => _seed;
    EpisodeMonitor? IHostedTrainer.Monitor => null;
    IEnumerable<KeyValuePair<string, string>> IHostedTrainer.Settings => TrainerSettings.With(_seed, Rein2Keys.Describe(Options));

    /// <summary>Sets up the run on the registered environment options.Env.</summary>
    public Rein2Trainer(Rein2Options options, ulong seed) : this(options.RegisteredEnv(), options, seed) { }

    /// <summary>Sets up the run with <paramref name="env"/> as the inner environment (a built-in or the user's own; its id replaces options.Env).</summary>
    public Rein2Trainer(EnvSpec env, Rein2Options options, ulong seed)
    {
        Outer = new OuterEnv(env, options, seed); // validates the options for env
        EnvChecker.CheckQuick(env, seed).ThrowIfFailed();
        Options = options = options with { Env = env.Id };
        _seed = seed;
        if (options.HasMetaTrainer)
        {
            MetaTrainer = new OnPolicyTrainer(Outer, options.EffectiveMetaOptions, seed);
            MetaTrainer.StopWhen = () => Outer.MetaSteps >= options.MetaSteps;
        }
        else
        {
            Outer.Reset(seed);
            // every search draws from the policy stream; the learners start from the initial RBV values (a₀)
            var rng = SeedStreams.For(seed, StreamId.Policy);
            var start = Outer.InitialValues;
            _search = options.MetaLearner switch
            {
                MetaLearner.Es => new OpenAiEs(Start(options, start), options.Bound, rng, Sigma(options), restartOnFlat: options.SearchRestart),
                MetaLearner.CmaEs => new SepCmaEs(Start(options, start), options.Bound, rng, Sigma(options), restartOnFlat: options.SearchRestart),
                MetaLearner.Ars => new AugmentedRandomSearch(Start(options, start), options.Bound, rng, Sigma(options), restartOnFlat: options.SearchRestart),
                MetaLearner.NsEs or MetaLearner.NsrEs or MetaLearner.NsraEs => new NoveltySearchEs(NoveltySearchEs.VariantOf(options.MetaLearner), Start(options, start),
                    options.Bound, rng, Outer.LastBehavior.Length, Sigma(options), options.NoveltyNeighbors, options.NoveltyPopulation),
                _ => new UniformSearch(Outer.Rbv.Count, options.Bound, rng),
            };
        }
    }

    static double? Sigma(Rein2Options o) => o.SearchSigma > 0 ? o.SearchSigma : null;

    // where a learner's mean starts: the initial values in absolute mode, a zero offset in offset mode
    static float[] Start(Rein2Options o, ReadOnlySpan<float> initial) =>
        o.BoundMode == BoundMode.Absolute ? initial.ToArray() : new float[initial.Length];

    /// <summary>True once all meta steps are taken.</summary>
    public bool Done => Outer.MetaSteps >= Options.MetaSteps;

    /// <inheritdoc/>
    public string EnvId => Options.Env;
    /// <inheritdoc/>
    public string StepUnit => "meta steps";
    /// <inheritdoc/>
    public long Steps => Outer.MetaSteps;
    /// <inheritdoc/>
    public long TotalSteps => Options.MetaSteps;
    /// <inheritdoc/>
    public IAgent Agent => new QAgent(Options.Env, BestAgent());
    /// <inheritdoc/>
    public TrainerStatus Status => _life.Status;
    /// <inheritdoc/>
    public Exception? Fault => _life.Fault;
    /// <inheritdoc/>
    public long EnvSteps => Outer.InnerEnvSteps;
    /// <summary>After each meta step: the produced agent's mean return (MeanReturn), the best so far, the inner env steps; Episodes counts produced agents.</summary>
    public TrainingProgress Progress => new(Outer.MetaSteps, Options.MetaSteps, Outer.InnerEnvSteps,
        Outer.MetaSteps, Outer.LastReturn, Outer.BestReturn);

    /// <summary>
    /// Runs meta steps until <see cref="Done"/> (true) or until <paramref name="cancellationToken"/> is
    /// cancelled or <paramref name="pauseAtStep"/> meta steps are taken (false, after the current meta
    /// step); <paramref name="progress"/> hears of every meta
    /// step: the produced agent's mean return, the best so far, and the inner env steps spent.
    /// </summary>
    public bool Learn(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, long pauseAtStep = long.MaxValue) =>
        _life.Learn(this, () =>
        {
            if (Outer.MetaSteps >= pauseAtStep && !Done) return false;
            Run(() => cancellationToken.IsCancellationRequested || Outer.MetaSteps >= pauseAtStep, pauseAtStep, progress is null ? null : () => progress.Report(Progress));
            return Done;
        });

    /// <summary>
    /// Runs meta steps until <see cref="Done"/>, or until <paramref name="pauseWhen"/> (checked after
    /// every meta step, or block of candidates evaluated in parallel) holds; a paused run continues
    /// where it stopped at the next call. No block reaches past <paramref name="pauseAtStep"/>.
    /// <paramref name="afterMetaStep"/> hears of every meta step (the meta-learner's per-step hook).
    /// </summary>
    void Run(Func<bool> pauseWhen, long pauseAtStep, Action? afterMetaStep)
    {
        if (MetaTrainer != null)
        {
            MetaTrainer.PauseWhen = pauseWhen;
            MetaTrainer.AfterStep = afterMetaStep;
            try
            {
                while (!Done)
                    if (!MetaTrainer.Iterate().Completed && pauseWhen()) return;
            }
            finally { MetaTrainer.PauseWhen = null; MetaTrainer.AfterStep = null; }
            return;
        }
        if (Options.Threads > 1) { RunInBlocks(pauseWhen, pauseAtStep, afterMetaStep); return; }
        var a = new float[Outer.Rbv.Count];
        while (!Done)
        {
            _search!.Ask(a);
            Outer.Step(a);
            _search.Tell(Outer.LastReturn, Outer.LastBehavior);
            afterMetaStep?.Invoke();
            if (pauseWhen()) return;
        }
    }

    // The same steps as the loop above, a block of candidates at a time: ask the block (never past
    // the learner's next update, the budget or the pause target), evaluate it on Options.Threads
    // threads, then take its steps and tell the learner in candidate order (ParallelCandidates.cs).
    void RunInBlocks(Func<bool> pauseWhen, long pauseAtStep, Action? afterMetaStep)
    {
        _parallel ??= new ParallelCandidates(Outer, Options.Threads, Math.Max(BlockSize, Options.Threads));
        var search = _search!;
        _parallel.Start();
        try
        {
            while (!Done)
            {
                long left = Math.Min(Options.MetaSteps, pauseAtStep) - Outer.MetaSteps;
                int count = (int)Math.Min(Math.Min(search.CandidatesUntilUpdate, _parallel.Capacity), left);
                for (int i = 0; i < count; i++) search.Ask(_parallel.Candidate(i));
                _parallel.Evaluate(count, Outer.MetaSteps);
                for (int i = 0; i < count; i++)
                {
                    var (mean, steps) = _parallel.Result(i);
                    Outer.StepEvaluated(_parallel.Candidate(i), mean, steps, _parallel.Behavior(i));
                    search.Tell(mean, Outer.LastBehavior);
                    afterMetaStep?.Invoke();
                }
                if (pauseWhen()) return;
            }
        }
        finally { _parallel.Stop(); Outer.SyncInner(); }
    }

    // candidates per parallel block when the learner allows more (random search): enough to keep the
    // threads busy between two progress reports, small enough that a pause waits for little
    const int BlockSize = 64;
    ParallelCandidates? _parallel;

    /// <summary>Saves or restores the whole run (checkpoints): the meta-learner (which holds the outer environment), or the outer environment and the search.</summary>
    public void Sync(Checkpoints.StateArchive a)
    {
        _life.BeforeSync(this, a);
        a.Section("rein2 " + Options.MetaLearner);
        if (MetaTrainer != null) MetaTrainer.Sync(a);
        else { Outer.Sync(a); _search!.Sync(a); }
        if (a.IsLoading) _life.AfterRestore(Done);
    }

    /// <summary>A standalone copy of the best inner agent: the initial network with the best RBV values written in.</summary>
    public QNetwork BestAgent()
    {
        var inner = Outer.Inner.Q;
        var q = new QNetwork(inner.ObsDim, inner.ActionCount, Options.InnerNetArch);
        inner.Net.Parameters.CopyTo(q.Net.Parameters);
        Outer.Rbv.Write(q.Net.Parameters, Outer.BestValues);
        return q;
    }

    /// <summary>Re-evaluates the best agent on FinalEpisodes fresh episodes.</summary>
    public EvalResult FinalEvaluation()
    {
        var q = new InnerNetwork(BestAgent(), Options.FinalEpisodes);
        var evaluator = new InnerEvaluator(Outer.InnerEnv, Options.FinalEpisodes, Options.InnerTrig);
        var returns = new double[Options.FinalEpisodes];
        var lengths = new int[Options.FinalEpisodes];
        // a seed stream of its own: never used by the training evaluations
        var rng = SeedStreams.For(_seed, StreamId.FinalEval);
        ulong seed = rng.NextUInt64();
        evaluator.Evaluate(q, seed, returns, lengths);
        return EvalResult.From(returns, lengths) with { Seed = seed };
    }
}
