// The outer environment of REIN-2 (paper §3.1–3.3, Algorithm 1), a real environment in our batched
// API (one lane) so that any of our algorithms can drive it:
//   action  aₜ ∈ Box(k), k = |RBV|; clipped to the box and written into the RBV entries of the inner
//           Q-network (absolute values, or offsets from the initial values)
//   reward  the mean return of the greedy inner agent over N inner episodes (lockstep batched eval)
//   obs     sₜ = aₜ − aₜ₋₁ (clipped actions; a₀ = the initial RBV values), s₀ = 0
//   end     never (EpisodeLength 0), or truncated after EpisodeLength steps
// Only RBV entries ever change; all other parameters keep their initial values for the whole run.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta;

/// <summary>REIN-2's outer environment over one inner Q-network.</summary>
public sealed class OuterEnv : VecEnv
{
    readonly Rein2Options _o;
    readonly InnerEvaluator _eval;
    readonly BehaviorCharacterization? _behavior;   // novelty learners only: recorded in every evaluation
    readonly float[] _initial, _current, _previous, _applied, _best;
    readonly ulong _innerSeedBase;
    readonly EnvSpec _spec;

    /// <summary>The inner agent (its RBV entries are the outer action), written only through its SetParameters.</summary>
    internal InnerNetwork Inner { get; }
    /// <summary>The inner network's parameters now (a read-only view; the RBV entries hold the last action).</summary>
    public ReadOnlySpan<float> InnerParameters => Inner.Q.Net.Parameters;
    /// <summary>The RBV.</summary>
    public RandomizedBatchVector Rbv { get; }
    /// <summary>Outer steps taken.</summary>
    public long MetaSteps { get; private set; }
    /// <summary>Inner environment steps taken over all evaluations.</summary>
    public long InnerEnvSteps { get; private set; }
    /// <summary>Mean return of the last evaluation.</summary>
    public double LastReturn { get; private set; } = double.NaN;
    /// <summary>Best mean return so far (keep-the-best).</summary>
    public double BestReturn { get; private set; } = double.NegativeInfinity;
    /// <summary>The RBV values (as written into the network) of the best agent so far (a read-only view).</summary>
    public ReadOnlySpan<float> BestValues => _best;
    /// <summary>The outer step at which the best agent was produced.</summary>
    public long BestStep { get; private set; }
    /// <summary>The inner environment.</summary>
    public EnvSpec InnerEnv => _spec;

    /// <summary>Builds the inner network (PyTorch's default init, as SB3's DQN) and the RBV from <paramref name="seed"/>.</summary>
    public OuterEnv(Rein2Options options, ulong seed) : this(EnvRegistry.Spec(options.Env), options, seed) { }

    /// <summary>The outer environment over <paramref name="env"/> (a built-in or the user's own; its id replaces options.Env).</summary>
    public OuterEnv(EnvSpec env, Rein2Options options, ulong seed) : base(1, TrigMode.Exact, ObsSize(env, options))
    {
        options = options with { Env = env.Id };
        options.Validate(env);
        _o = options;
        var probe = env;
        int nActions = ((DiscreteSpace)probe.ActionSpace).N;
        var q = new QNetwork(probe.ObservationSize, nActions, options.InnerNetArch);
        var initRng = SeedStreams.For(seed, StreamId.Init);
        q.InitializeTorchDefault(ref initRng);
        var rbvRng = SeedStreams.For(seed, StreamId.Rbv);
        Rbv = new RandomizedBatchVector(q.Net.Layout.ParameterCount, options.RbvFraction, ref rbvRng);
        int k = Rbv.Count;
        _initial = new float[k]; _current = new float[k]; _previous = new float[k]; _applied = new float[k];
        _best = new float[k];
        Rbv.Read(q.Net.Parameters, _initial);
        Inner = new InnerNetwork(q, options.Episodes);
        // a₀: the initial values (absolute mode) or a zero offset (offset mode)
        if (options.BoundMode == BoundMode.Absolute) _initial.CopyTo(_current, 0);
        _current.CopyTo(_previous, 0);
        _initial.CopyTo(_best, 0);
        _behavior = options.BehaviorIn(env);
        _lastBehavior = new double[_behavior?.Size ?? 0];
        _eval = new InnerEvaluator(env, options.Episodes, options.InnerTrig, _behavior);
        _spec = env;
        var envRng = SeedStreams.For(seed, StreamId.Env);
        _innerSeedBase = envRng.NextUInt64();
        ActionSpace = new BoxSpace(Enumerable.Repeat(-(float)options.Bound, k).ToArray(), Enumerable.Repeat((float)options.Bound, k).ToArray());
    }

    static int RbvSize(EnvSpec probe, Rein2Options o)
    {
        var layout = new Nn.MlpLayout([probe.ObservationSize, .. o.InnerNetArch, probe.ActionSpace is DiscreteSpace d ? d.N : 1], Nn.Activation.Relu);
        return Math.Max(1, (int)Math.Round(o.RbvFraction * layout.ParameterCount, MidpointRounding.ToEven));
    }

    /// <inheritdoc/>
    public override string Id => $"REIN2-{_o.Env}";
    /// <inheritdoc/>
    public override int ObservationSize => ObsSize(_spec, _o);

    static int ObsSize(EnvSpec env, Rein2Options o) => RbvSize(env, o) + (o.OuterObservation == OuterObservation.ValuesAndReturn ? 1 : 0);
    /// <inheritdoc/>
    public override Space ActionSpace { get; }
    /// <inheritdoc/>
    public override int MaxEpisodeSteps => _o.EpisodeLength == 0 ? int.MaxValue : _o.EpisodeLength;

    /// <summary>The initial values of the RBV entries.</summary>
    public ReadOnlySpan<float> InitialValues => _initial;

    /// <inheritdoc/>
    protected override void ResetLane(int i, ref Pcg64 rng)
    {
        // s₀ = 0: the next difference is measured from the action in force now
        _current.CopyTo(_previous, 0);
    }

    /// <inheritdoc/>
    protected override void SyncLanes(Checkpoints.StateArchive a)
    {
        a.Section("outer-env");
        a.Sync(_current); a.Sync(_previous); a.Sync(_applied); a.Sync(_best);
        long metaSteps = MetaSteps, innerSteps = InnerEnvSteps, bestStep = BestStep;
        double last = LastReturn, best = BestReturn;
        a.Sync(ref metaSteps); a.Sync(ref innerSteps); a.Sync(ref bestStep); a.Sync(ref last); a.Sync(ref best);
        MetaSteps = metaSteps; InnerEnvSteps = innerSteps; BestStep = bestStep; LastReturn = last; BestReturn = best;
        // the inner network holds the initial values everywhere except at the RBV entries, which hold
        // the last applied action
        if (a.IsLoading && MetaSteps > 0) Inner.SetParameters(Rbv.Indices, _applied);
    }

    /// <inheritdoc/>
    protected override void Observe(int i, Span<float> obs)
    {
        int k = _current.Length;
        switch (_o.OuterObservation)
        {
            case OuterObservation.Difference:
                for (int j = 0; j < k; j++) obs[j] = _current[j] - _previous[j];
                break;
            default:
                _current.CopyTo(obs);
                if (_o.OuterObservation == OuterObservation.ValuesAndReturn) obs[k] = double.IsFinite(LastReturn) ? (float)LastReturn : 0f;
                break;
        }
    }

    /// <summary>Applies an action and evaluates the inner agent (or commits the result evaluated ahead, see <see cref="StepEvaluated"/>).</summary>
    internal double StepOuter(ReadOnlySpan<float> action)
    {
        _current.CopyTo(_previous, 0);
        ToApplied(action, _current, _applied);
        double mean; long steps;
        if (_ahead is { } r) { (mean, steps) = r; _ahead = null; }
        else
        {
            Inner.SetParameters(Rbv.Indices, _applied);
            (mean, steps) = _eval.Evaluate(Inner, EvaluationSeed(MetaSteps));
            _eval.LastBehavior.CopyTo(_lastBehavior);
        }
        MetaSteps++;
        InnerEnvSteps += steps;
        LastReturn = mean;
        if (mean > BestReturn) { BestReturn = mean; _applied.CopyTo(_best, 0); BestStep = MetaSteps; }
        return mean;
    }

    // a result evaluated ahead of its step by a worker (ParallelCandidates), committed by the next step
    (double Mean, long Steps)? _ahead;

    /// <summary>
    /// Takes the outer step for <paramref name="action"/> whose evaluation a worker already made (for
    /// this very step, <see cref="EvaluateOn"/>): the same step as Step(action) would
    /// take, without evaluating again. The inner network is brought up to date by <see cref="SyncInner"/>.
    /// </summary>
    internal void StepEvaluated(ReadOnlySpan<float> action, double mean, long steps, ReadOnlySpan<double> behavior)
    {
        _ahead = (mean, steps);
        behavior.CopyTo(_lastBehavior);
        Step(action);
    }

    readonly double[] _lastBehavior;

    /// <summary>The last step's behaviour (novelty learners: <see cref="InnerEvaluator.LastBehavior"/>; empty for the others).</summary>
    internal ReadOnlySpan<double> LastBehavior => _lastBehavior;

    /// <summary>Writes the last applied action into the inner network (after steps taken by <see cref="StepEvaluated"/>).</summary>
    internal void SyncInner()
    {
        if (MetaSteps > 0) Inner.SetParameters(Rbv.Indices, _applied);
    }

    /// <summary>
    /// Evaluates <paramref name="action"/> as meta step <paramref name="metaStep"/> would, on a
    /// worker's own copy of the inner network and evaluator (<see cref="NewWorker"/>); touches no state
    /// of this environment, so workers may call it at once. <paramref name="applied"/> is scratch of length k.
    /// </summary>
    internal (double Mean, long Steps) EvaluateOn(InnerNetwork net, InnerEvaluator eval, ReadOnlySpan<float> action, Span<float> applied, long metaStep)
    {
        Span<float> clipped = applied; // the clipped action is not needed, only what is written
        ToApplied(action, clipped, applied);
        net.SetParameters(Rbv.Indices, applied);
        return eval.Evaluate(net, EvaluationSeed(metaStep));
    }

    /// <summary>A copy of the inner network (its non-RBV weights, which never change) and an evaluator of its own, for one worker.</summary>
    internal (InnerNetwork Net, InnerEvaluator Eval) NewWorker()
    {
        var q = Inner.Q;
        var copy = new QNetwork(q.ObsDim, q.ActionCount, _o.InnerNetArch);
        q.Net.Parameters.CopyTo(copy.Net.Parameters);
        return (new InnerNetwork(copy, _o.Episodes), new InnerEvaluator(_spec, _o.Episodes, _o.InnerTrig, _behavior));
    }

    // Evaluation e's N lanes are seeded base + e·N + i (InnerEvaluator.cs): depends on the step alone
    ulong EvaluationSeed(long metaStep) => unchecked(_innerSeedBase + (ulong)metaStep * (ulong)_o.Episodes);

    // the action clipped to the box, and the values written into the network (absolute, or offsets from the initial values)
    void ToApplied(ReadOnlySpan<float> action, Span<float> clipped, Span<float> applied)
    {
        float bound = (float)_o.Bound;
        for (int j = 0; j < applied.Length; j++)
        {
            float a = Math.Clamp(action[j], -bound, bound);
            clipped[j] = a;
            applied[j] = _o.BoundMode == BoundMode.Absolute ? a : _initial[j] + a;
        }
    }

    /// <inheritdoc/>
    protected override void StepLanes(ReadOnlySpan<float> actions)
    {
        LaneRewards[0] = StepOuter(actions);
        LaneTerminated[0] = false;
    }

    /// <summary>Observation after the last step: aₜ − aₜ₋₁ (the VecEnv base writes it).</summary>
    internal void Observe(Span<float> obs) => Observe(0, obs);
}
