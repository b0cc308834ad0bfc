// A REIN-2 run (paper Algorithm 1), composed of the paper's modules (§3) and read top to bottom:
//   SETUP     the produced agent's network at its initialisation θ₀ (ProducedAgent: a greedy
//             Q-network), the weight subset over it (IWeightSubset: the RBV by default), the
//             meta-learner over the subset's meta-actions (IMetaLearner: PPO by default), and one
//             Fitness (Algorithm 1's Evaluate) per evaluation thread
//   META      each meta step: the meta-learner asks for a candidate, the fitness scores it, the
//             meta-learner is told; a learner that may ask ahead (the searches) has a block of
//             candidates scored at once on several threads, and the block is committed in order
//   KEEP-BEST every candidate's score is kept; the best one is the run's agent
//   RE-EVAL   the best agent is re-evaluated on FinalEpisodes fresh episodes (seeds no training
//             evaluation used) — the standard "solved" protocol — and can be saved as an agent file
// One engine for every meta-learner: PPO and A2C take their steps in the outer MDP inside their own
// Ask and Tell (PolicyGradientMetaLearner.cs).
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta;

/// <summary>Runs REIN-2: a meta-learner produces agents by writing a subset of their weights.</summary>
public sealed class Rein2Trainer : ITrainer, IHostedTrainer
{
    readonly ulong _seed, _innerSeedBase;
    readonly float[] _initial, _candidate, _best;
    readonly BehaviorCharacterization? _behavior;
    readonly List<Fitness> _fitness = [];
    readonly TrainerLifecycle _life = new();
    ParallelCandidates? _parallel;

    /// <summary>The settings.</summary>
    public Rein2Options Options { get; }
    /// <summary>The environment the produced agents act in.</summary>
    public EnvSpec InnerEnv { get; }
    /// <summary>What the run produces (the paper's inner-learner): a greedy Q-network.</summary>
    public ProducedAgent ProducedAgent { get; }
    /// <summary>The weights the meta-learner writes (the paper's RBV by default).</summary>
    public IWeightSubset Subset { get; }
    /// <summary>The meta-learner (PPO by default).</summary>
    public IMetaLearner MetaLearner { get; }

    /// <summary>Meta steps taken (candidates scored).</summary>
    public long MetaSteps { get; private set; }
    /// <summary>Inner environment steps taken over all evaluations.</summary>
    public long InnerEnvSteps { get; private set; }
    /// <summary>The last candidate's score (NaN before the first).</summary>
    public double LastReturn { get; private set; } = double.NaN;
    /// <summary>The best score so far (keep-the-best).</summary>
    public double BestReturn { get; private set; } = double.NegativeInfinity;
    /// <summary>The meta step that produced the best agent (0: none yet).</summary>
    public long BestStep { get; private set; }
    /// <summary>The best candidate (the meta-action, clipped to the box), a read-only view; a₀ before the first step.</summary>
    public ReadOnlySpan<float> BestCandidate => _best;
    /// <summary>θ₀: the produced agent's parameters at initialisation, a read-only view (every weight the subset does not write keeps its value).</summary>
    public ReadOnlySpan<float> InitialParameters => _initial;

    EnvSpec? IHostedTrainer.Env => InnerEnv;
    ulong IHostedTrainer.Seed => _seed;
    EpisodeMonitor? IHostedTrainer.Monitor => null;
    IEnumerable<KeyValuePair<string, string>> IHostedTrainer.Settings =>
        TrainerSettings.With(_seed, Rein2Keys.Describe(Options)).Concat([new("module.meta_learner", MetaLearner.Name), new("module.subset", Subset.Name)]);

    /// <summary>Sets up the run on the registered environment options.Env.</summary>
    public Rein2Trainer(Rein2Options options, ulong seed) : this(options.RegisteredEnv(), options, seed) { }

    /// <summary>
    /// Sets up the run with <paramref name="env"/> as the inner environment (a built-in or the user's
    /// own; its id replaces options.Env). <paramref name="metaLearner"/> and <paramref name="subset"/>
    /// replace the options' built-in modules with the user's own (null: the options' choice).
    /// </summary>
    public Rein2Trainer(EnvSpec env, Rein2Options options, ulong seed, Func<MetaLearnerContext, IMetaLearner>? metaLearner = null,
                        Func<WeightSubsetContext, IWeightSubset>? subset = null)
    {
        // ===================== SETUP =====================
        Options = options = options with { Env = env.Id };
        options.Validate(env);
        options.ValidateTogether();
        InnerEnv = env;
        _seed = seed;
        ProducedAgent = ProducedAgent.For(env, options);
        var initRng = SeedStreams.For(seed, StreamId.Init);
        _initial = ProducedAgent.Initialize(ref initRng);
        Subset = (subset ?? WeightSubsets.Create)(new WeightSubsetContext(ProducedAgent.Layout, _initial.ToArray(), SeedStreams.For(seed, StreamId.Rbv), options));
        CheckSubset(Subset, ProducedAgent.Layout.ParameterCount);
        _behavior = options.BehaviorIn(env);
        _innerSeedBase = SeedStreams.For(seed, StreamId.Env).NextUInt64();
        _fitness.Add(NewFitness());
        EnvChecker.CheckQuick(env, seed).ThrowIfFailed();
        var start = new float[Subset.Dimension];
        Subset.Start(start);
        _candidate = new float[Subset.Dimension];
        _best = start.ToArray();
        var context = new MetaLearnerContext(Subset.Dimension, options.Bound, start, SeedStreams.For(seed, StreamId.Policy), _behavior?.Size ?? 0, options);
        MetaLearner = metaLearner?.Invoke(context) ?? MetaLearners.Create(context, seed);
        if (MetaLearner.CandidatesUntilUpdate < 1)
            throw new InvalidOperationException($"meta-learner '{MetaLearner.Name}': CandidatesUntilUpdate is {MetaLearner.CandidatesUntilUpdate}; it must be ≥ 1.");
    }

    // a user's subset must keep its contract: indices inside the network, ascending, each once
    static void CheckSubset(IWeightSubset s, int parameters)
    {
        if (s.Dimension < 1) throw new InvalidOperationException($"weight subset '{s.Name}': Dimension is {s.Dimension}; it must be ≥ 1.");
        var idx = s.Indices;
        if (idx.Length < 1) throw new InvalidOperationException($"weight subset '{s.Name}' writes no weight.");
        for (int i = 0; i < idx.Length; i++)
            if ((uint)idx[i] >= (uint)parameters || i > 0 && idx[i] <= idx[i - 1])
                throw new InvalidOperationException($"weight subset '{s.Name}': index {idx[i]} at position {i} is outside 0 … {parameters - 1} or not ascending.");
    }

    Fitness NewFitness() => new(Subset, ProducedAgent.NewEvaluation(InnerEnv, _initial, Subset.Indices, Options.Episodes, Options.InnerTrig, _behavior),
                                Options.Bound, _innerSeedBase, Options.Episodes);

    /// <summary>True once all meta steps are taken.</summary>
    public bool Done => MetaSteps >= Options.MetaSteps;

    /// <inheritdoc/>
    public string EnvId => Options.Env;
    /// <inheritdoc/>
    public string StepUnit => "meta steps";
    /// <inheritdoc/>
    public long Steps => MetaSteps;
    /// <inheritdoc/>
    public long TotalSteps => Options.MetaSteps;
    /// <inheritdoc/>
    public IAgent Agent => ProducedAgent.ToAgent(Options.Env, BestParameters());
    /// <inheritdoc/>
    public TrainerStatus Status => _life.Status;
    /// <inheritdoc/>
    public Exception? Fault => _life.Fault;
    /// <inheritdoc/>
    public long EnvSteps => InnerEnvSteps;
    /// <summary>After each meta step: the produced agent's mean return (MeanReturn), the best so far, the inner env steps; Episodes counts produced agents.</summary>
    public TrainingProgress Progress => new(MetaSteps, Options.MetaSteps, InnerEnvSteps, MetaSteps, LastReturn, BestReturn);

    /// <summary>
    /// Runs meta steps until <see cref="Done"/> (true) or until <paramref name="cancellationToken"/> is
    /// cancelled or <paramref name="pauseAtStep"/> meta steps are taken (false, after the current meta
    /// step or block); <paramref name="progress"/> hears of every meta step: the produced agent's mean
    /// return, the best so far, and the inner env steps spent.
    /// </summary>
    public bool Learn(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, long pauseAtStep = long.MaxValue) =>
        _life.Learn(this, () =>
        {
            if (MetaSteps >= pauseAtStep && !Done) return false;
            Run(() => cancellationToken.IsCancellationRequested || MetaSteps >= pauseAtStep, pauseAtStep, progress);
            return Done;
        });

    // ===================== META =====================
    // Ask a block of candidates (one, unless the learner may ask ahead and there are threads to score
    // them; never past the budget or the pause target), score them, then commit them in order.
    void Run(Func<bool> pauseWhen, long pauseAtStep, IProgress<TrainingProgress>? progress)
    {
        bool parallel = Options.Threads > 1 && MetaLearner.CandidatesUntilUpdate > 1;
        if (parallel) StartParallel();
        try
        {
            while (!Done)
            {
                long left = Math.Min(Options.MetaSteps, pauseAtStep) - MetaSteps;
                if (parallel)
                {
                    int count = (int)Math.Min(Math.Min(MetaLearner.CandidatesUntilUpdate, _parallel!.Capacity), left);
                    for (int i = 0; i < count; i++) MetaLearner.Ask(_parallel.Candidate(i));
                    _parallel.Evaluate(count, MetaSteps);
                    for (int i = 0; i < count; i++)
                    {
                        var (mean, steps) = _parallel.Result(i);
                        Commit(_parallel.Candidate(i), mean, steps, _parallel.Behavior(i), progress);
                    }
                }
                else
                {
                    MetaLearner.Ask(_candidate);
                    var (mean, steps) = _fitness[0].Evaluate(_candidate, MetaSteps);
                    Commit(_candidate, mean, steps, _fitness[0].Behavior, progress);
                }
                if (pauseWhen()) return;
            }
        }
        finally { _parallel?.Stop(); }
    }

    // ===================== KEEP-BEST =====================
    void Commit(ReadOnlySpan<float> candidate, double mean, long steps, ReadOnlySpan<double> behavior, IProgress<TrainingProgress>? progress)
    {
        MetaSteps++;
        InnerEnvSteps += steps;
        LastReturn = mean;
        if (mean > BestReturn)
        {
            BestReturn = mean;
            BestStep = MetaSteps;
            float bound = (float)Options.Bound;
            for (int j = 0; j < _best.Length; j++) _best[j] = Math.Clamp(candidate[j], -bound, bound);
        }
        MetaLearner.Tell(mean, behavior);
        progress?.Report(Progress);
    }

    // candidates per parallel block when the learner allows more (random search): enough to keep the
    // threads busy between two progress reports, small enough that a pause waits for little
    const int BlockSize = 64;

    void StartParallel()
    {
        while (_fitness.Count < Options.Threads) _fitness.Add(NewFitness());
        _parallel ??= new ParallelCandidates([.. _fitness.Take(Options.Threads)], Subset.Dimension, _behavior?.Size ?? 0, Math.Max(BlockSize, Options.Threads));
        _parallel.Start();
    }

    /// <summary>Saves or restores the whole run (checkpoints): the counters, the best candidate and the meta-learner.</summary>
    public void Sync(Checkpoints.StateArchive a)
    {
        _life.BeforeSync(this, a);
        try { a.Section("rein2 modules"); }
        catch (InvalidDataException) when (a.IsLoading)
        {
            throw new InvalidDataException("it was written by an earlier rein2, before REIN-2 was made of modules (its layout is not read here): start the run again, or finish it with the rein2 that wrote it.");
        }
        string modules = $"{MetaLearner.Name} over {Subset.Name} of {ProducedAgent.Name}", saved = modules;
        a.Sync(ref saved);
        if (saved != modules) throw new InvalidDataException($"the checkpoint is of the modules '{saved}'; this run has '{modules}'.");
        long meta = MetaSteps, inner = InnerEnvSteps, bestStep = BestStep;
        double last = LastReturn, best = BestReturn;
        a.Sync(ref meta); a.Sync(ref inner); a.Sync(ref bestStep); a.Sync(ref last); a.Sync(ref best);
        a.Sync(_best);
        MetaSteps = meta; InnerEnvSteps = inner; BestStep = bestStep; LastReturn = last; BestReturn = best;
        MetaLearner.Sync(a);
        if (a.IsLoading) _life.AfterRestore(Done);
    }

    /// <summary>The best produced agent's parameters: θ₀ with the best candidate written through the subset.</summary>
    public float[] BestParameters()
    {
        var p = _initial.ToArray();
        var values = new float[Subset.Indices.Length];
        Subset.Write(_best, values);
        var idx = Subset.Indices;
        for (int i = 0; i < idx.Length; i++) p[idx[i]] = values[i];
        return p;
    }

    // ===================== RE-EVAL =====================
    /// <summary>Re-evaluates the best agent on FinalEpisodes fresh episodes.</summary>
    public EvalResult FinalEvaluation()
    {
        var evaluation = ProducedAgent.NewEvaluation(InnerEnv, BestParameters(), [], Options.FinalEpisodes, Options.InnerTrig, null);
        var returns = new double[Options.FinalEpisodes];
        var lengths = new int[Options.FinalEpisodes];
        // a seed stream of its own: never used by the training evaluations
        var rng = SeedStreams.For(_seed, StreamId.FinalEval);
        ulong seed = rng.NextUInt64();
        evaluation.Evaluate([], seed, returns, lengths);
        return EvalResult.From(returns, lengths) with { Seed = seed };
    }
}
