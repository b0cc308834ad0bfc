// Evaluates a produced agent on N episodes in lockstep: the N episodes are the N lanes of one
// batched environment, and each step acts for all the episodes still running (finished lanes are
// compacted out) through the agent's ILockstepPolicy — a greedy Q-network through its incremental,
// certified evaluator where the layout allows (the same actions as the dense network at a fraction
// of the work, InnerNetwork.cs), an actor through one dense pass per lane (DeterministicActor.cs).
// Lane i of evaluation e is seeded seedBase + e·N + i, so no two evaluations of a run ever reuse an
// initial state by accident, and every evaluation is reproducible from (seed, e). Allocation-free
// after construction.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;

namespace Rein2.Pure.Meta;

/// <summary>What acts in the lockstep episodes: it chooses the running lanes' actions and steps the environment.</summary>
internal interface ILockstepPolicy
{
    /// <summary>The lanes (trajectories) it can act for at once.</summary>
    int Lanes { get; }
    /// <summary>Starts new trajectories on every lane (after a reset of the episodes).</summary>
    void BeginTrajectories();
    /// <summary>Writes values at flat parameter indices (θ₀ stays everywhere else).</summary>
    void SetParameters(ReadOnlySpan<int> indices, ReadOnlySpan<float> values);
    /// <summary>Acts for <paramref name="rows"/> running lanes (row r is lane running[r]; its observation in row r of <paramref name="observations"/>) and steps <paramref name="env"/> once, every finished lane given a harmless action.</summary>
    void Step(VecEnv env, ReadOnlySpan<float> observations, int rows, ReadOnlySpan<int> running);
}

/// <summary>Lockstep batched evaluation of a produced agent.</summary>
internal sealed class InnerEvaluator
{
    readonly VecEnv _env;
    readonly float[] _batchObs;
    readonly int[] _running, _lengths;
    readonly double[] _returns;
    readonly bool[] _finished;

    /// <summary>Episodes per evaluation.</summary>
    public int Episodes { get; }

    /// <summary>The behaviour characterisation recorded in every evaluation (novelty search), or null.</summary>
    public BehaviorCharacterization? Behavior { get; }
    readonly double[] _laneBehavior, _meanBehavior;

    /// <summary>The last evaluation's behaviour: <see cref="Behavior"/>'s vector averaged over its episodes (empty without one).</summary>
    public ReadOnlySpan<double> LastBehavior => _meanBehavior;

    /// <summary>Creates an evaluator of <paramref name="episodes"/> lanes of the registered environment <paramref name="envId"/>.</summary>
    public InnerEvaluator(string envId, int episodes, TrigMode mode = TrigMode.Exact) : this(EnvRegistry.Spec(envId), episodes, mode) { }

    readonly ObservationScaling? _scaling;

    /// <summary>
    /// Creates an evaluator of <paramref name="episodes"/> lanes of <paramref name="env"/> (its batched
    /// form, or EnvBatch for the user's own); with <paramref name="scaling"/>, the network reads scaled observations.
    /// </summary>
    public InnerEvaluator(EnvSpec env, int episodes, TrigMode mode = TrigMode.Exact, BehaviorCharacterization? behavior = null, ObservationScaling? scaling = null)
    {
        _scaling = scaling;
        Behavior = behavior;
        _laneBehavior = new double[behavior == null ? 0 : episodes * behavior.Size];
        _meanBehavior = new double[behavior?.Size ?? 0];
        ThrowHelper.RequirePositive(episodes, nameof(episodes));
        Episodes = episodes;
        _env = env.CreateBatched(episodes, mode);
        _batchObs = new float[episodes * _env.ObservationSize];
        _running = new int[episodes]; _lengths = new int[episodes];
        _returns = new double[episodes]; _finished = new bool[episodes];
    }

    /// <summary>
    /// Plays one episode per lane (lanes seeded <paramref name="seedBase"/> + i) with
    /// <paramref name="q"/> acting; returns the mean return and the env steps taken, and writes each
    /// episode's return and length into <paramref name="returns"/> and <paramref name="lengths"/> when given.
    /// </summary>
    public (double MeanReturn, long EnvSteps) Evaluate(ILockstepPolicy q, ulong seedBase, Span<double> returns = default, Span<int> lengths = default)
    {
        int n = Episodes, d = _env.ObservationSize;
        if (q.Lanes < n) throw new ArgumentException($"the network acts for {q.Lanes} lanes; this evaluator runs {n} episodes at once.", nameof(q));
        _env.Reset(seedBase);
        Array.Clear(_returns); Array.Clear(_finished); Array.Clear(_lengths);
        q.BeginTrajectories();
        var bc = Behavior;
        int bd = bc?.Size ?? 0;
        if (bc != null)
            for (int i = 0; i < n; i++) bc.Begin(_env.Observations.Slice(i * d, d), _laneBehavior.AsSpan(i * bd, bd));
        int running = n;
        long steps = 0;
        while (running > 0)
        {
            // compact the running lanes into one batch
            int b = 0;
            for (int i = 0; i < n; i++)
                if (!_finished[i])
                {
                    _env.Observations.Slice(i * d, d).CopyTo(_batchObs.AsSpan(b * d, d));
                    _running[b++] = i;
                }
            _scaling?.Apply(_batchObs.AsSpan(0, b * d), b);
            q.Step(_env, _batchObs.AsSpan(0, b * d), b, _running);
            steps += b;
            for (int j = 0; j < b; j++)
            {
                int i = _running[j];
                _returns[i] += _env.Rewards[i];
                _lengths[i]++;
                bool done = _env.Terminated[i] || _env.Truncated[i];
                // the observation reached: a finished lane has auto-reset, its final one is kept aside
                if (bc != null) bc.Step((done ? _env.FinalObservations : _env.Observations).Slice(i * d, d), _laneBehavior.AsSpan(i * bd, bd));
                if (done) { _finished[i] = true; running--; }
            }
        }
        double sum = 0;
        for (int i = 0; i < n; i++) sum += _returns[i];
        if (bc != null)
            for (int j = 0; j < bd; j++)
            {
                double b = 0;
                for (int i = 0; i < n; i++) b += _laneBehavior[i * bd + j];
                _meanBehavior[j] = b / n;
            }
        if (!returns.IsEmpty) _returns.AsSpan(0, Math.Min(n, returns.Length)).CopyTo(returns);
        if (!lengths.IsEmpty) _lengths.AsSpan(0, Math.Min(n, lengths.Length)).CopyTo(lengths);
        return (sum / n, steps);
    }
}
