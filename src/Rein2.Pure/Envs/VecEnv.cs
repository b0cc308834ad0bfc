// B copies of one environment stepped together, the base of every batched environment.
// State lives in structure-of-arrays in the subclasses; this class owns what is common: lane i's
// generator seeded with seed + i (as Gymnasium's vector envs seed), the per-lane TimeLimit, and
// SB3-style same-step auto-reset — a lane that finishes gets its last observation copied to
// FinalObservations (to bootstrap truncated episodes) and is reset at once, its generator continuing.
using System.Numerics;
using System.Runtime.Intrinsics;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Envs;

/// <summary>A batch of environments with same-step auto-reset.</summary>
public abstract class VecEnv
{
    readonly Pcg64[] _rngs;
    readonly int[] _steps;
    readonly float[] _obs, _finalObs;
    readonly double[] _rewards;
    readonly bool[] _terminated, _truncated;
    readonly int _obsSize; // ObservationSize, without a virtual call per lane
    bool _reset;

    /// <summary>Number of lanes.</summary>
    public int NumEnvs { get; }
    /// <summary>How transcendental functions are computed.</summary>
    public TrigMode Mode { get; }
    /// <summary>Registry id of the environment in every lane.</summary>
    public abstract string Id { get; }
    /// <summary>Observation length of one lane.</summary>
    public abstract int ObservationSize { get; }
    /// <summary>Action space of one lane.</summary>
    public abstract Space ActionSpace { get; }
    /// <summary>The TimeLimit of one lane.</summary>
    public abstract int MaxEpisodeSteps { get; }
    /// <summary>Current observations (B, obs); a lane that just finished shows its reset observation.</summary>
    public ReadOnlySpan<float> Observations => _obs;
    /// <summary>Last observation of the lanes whose episode ended in the last step (B, obs).</summary>
    public ReadOnlySpan<float> FinalObservations => _finalObs;
    /// <summary>Rewards of the last step.</summary>
    public ReadOnlySpan<double> Rewards => _rewards;
    /// <summary>Terminated flags of the last step.</summary>
    public ReadOnlySpan<bool> Terminated => _terminated;
    /// <summary>Truncated (time limit) flags of the last step.</summary>
    public ReadOnlySpan<bool> Truncated => _truncated;

    // What a subclass writes: the rows of the observations (when it observes in place), and the
    // rewards and flags of the step (see StepLanes). Everyone else reads the views above.
    /// <summary>The observation rows (B, obs), for a subclass that writes them in place.</summary>
    protected Span<float> LaneObservations => _obs;
    /// <summary>The rewards of the step StepLanes is taking.</summary>
    protected Span<double> LaneRewards => _rewards;
    /// <summary>The terminated flags of the step StepLanes is taking.</summary>
    protected Span<bool> LaneTerminated => _terminated;
    /// <summary>The truncated flags of the step StepLanes is taking (when <see cref="SetsTruncation"/>).</summary>
    protected Span<bool> LaneTruncated => _truncated;
    /// <summary>Steps taken in each lane's current episode.</summary>
    public ReadOnlySpan<int> ElapsedSteps => _steps;

    /// <summary>Allocates the lane buffers.</summary>
    protected VecEnv(int numEnvs, TrigMode mode, int observationSize)
    {
        ThrowHelper.RequirePositive(numEnvs, nameof(numEnvs));
        NumEnvs = numEnvs; Mode = mode; _obsSize = observationSize;
        _rngs = new Pcg64[numEnvs]; _steps = new int[numEnvs];
        _obs = new float[numEnvs * observationSize]; _finalObs = new float[numEnvs * observationSize];
        _rewards = new double[numEnvs]; _terminated = new bool[numEnvs]; _truncated = new bool[numEnvs];
    }

    /// <summary>Resets every lane; lane i with seed + i (wrapping at 2^64).</summary>
    public void Reset(ulong seed)
    {
        Reseeding = true;
        for (int i = 0; i < NumEnvs; i++)
        {
            _rngs[i] = new Pcg64(unchecked(seed + (ulong)i));
            ResetLaneAndObserve(i);
        }
        Reseeding = false;
        _reset = true;
        ReadShape();
    }

    // Discrete(n) of the action space (0: a Box), MaxEpisodeSteps and SetsTruncation, read at Reset and
    // at a checkpoint's load rather than by virtual calls and a type test every step
    int _discreteN, _maxSteps;
    bool _setsTruncation;

    void ReadShape()
    {
        _discreteN = ActionSpace is DiscreteSpace d ? d.N : 0;
        _maxSteps = MaxEpisodeSteps;
        _setsTruncation = SetsTruncation;
    }

    /// <summary>True while <see cref="Reset(ulong)"/> resets the lanes with fresh generators (false on an auto-reset, whose generator continues).</summary>
    protected bool Reseeding { get; private set; }

    /// <summary>Lane i's generator (for checkpoints).</summary>
    public ref Pcg64 Generator(int lane) => ref _rngs[lane];

    /// <summary>Saves or restores every lane: generators, episode counters, the last step's outputs and the physical state (checkpoints).</summary>
    public void Sync(Checkpoints.StateArchive a)
    {
        a.Section("vec-env " + Id);
        for (int i = 0; i < NumEnvs; i++) a.Sync(ref _rngs[i]);
        a.Sync(_steps); a.Sync(ref _reset);
        a.Sync(_obs); a.Sync(_finalObs); a.Sync(_rewards); a.Sync(_terminated); a.Sync(_truncated);
        if (a.IsLoading) ReadShape();
        SyncLanes(a);
    }

    /// <summary>Saves or restores the subclass's per-lane physical state.</summary>
    protected abstract void SyncLanes(Checkpoints.StateArchive a);

    void ResetLaneAndObserve(int i)
    {
        ResetLane(i, ref _rngs[i]);
        _steps[i] = 0;
        Observe(i, _obs.AsSpan(i * _obsSize, _obsSize));
    }

    /// <summary>Steps every lane of a Discrete-action environment.</summary>
    public void Step(ReadOnlySpan<int> actions)
    {
        if (_discreteN == 0 && ActionSpace is not DiscreteSpace) throw new InvalidOperationException($"{Id} has a {ActionSpace} action space; pass float actions.");
        BeginStep(actions.Length, NumEnvs); // after a Reset, so _discreteN is the action space's n
        int n = _discreteN;
        int i = 0;
        if (Vector256.IsHardwareAccelerated) // skip 8 valid actions at a time; the loop below names a bad one
            for (; i <= actions.Length - 8; i += 8)
                if (Vector256.GreaterThanOrEqualAny(Vector256.Create(actions.Slice(i, 8)).AsUInt32(), Vector256.Create((uint)n))) break;
        for (; i < actions.Length; i++)
            if ((uint)actions[i] >= (uint)n)
                throw new ArgumentOutOfRangeException(nameof(actions), actions[i], $"Action {actions[i]} of lane {i} is outside Discrete({n}): allowed 0 … {n - 1}.");
        StepLanes(actions);
        FinishStep();
    }

    /// <summary>Steps every lane of a Box-action environment; actions (B, dim) are clipped by the physics as in Gymnasium.</summary>
    public void Step(ReadOnlySpan<float> actions)
    {
        if (ActionSpace is not BoxSpace b) throw new InvalidOperationException($"{Id} has a {ActionSpace} action space; pass integer actions.");
        BeginStep(actions.Length, NumEnvs * b.Dim);
        for (int i = 0; i < actions.Length; i++)
            if (float.IsNaN(actions[i])) throw new ArgumentException($"Action {i % b.Dim} of lane {i / b.Dim} is NaN.", nameof(actions));
        StepLanes(actions);
        FinishStep();
    }

    void BeginStep(int got, int need)
    {
        if (!_reset) throw new InvalidOperationException($"{Id}: call Reset(seed) before Step.");
        if (got != need) throw new ArgumentException($"{Id} with {NumEnvs} lanes needs {need} action values, got {got}.");
    }

    void FinishStep()
    {
        ObserveAll(_obs);
        int max = _maxSteps, i = 0;
        bool own = _setsTruncation;
        // 8 lanes at a time: episodes end rarely, so one 64-bit test of each flag array skips the lane loop
        for (; i <= NumEnvs - 8; i += 8)
        {
            if (Vector256.IsHardwareAccelerated)
            {
                var steps = Vector256.Create(_steps.AsSpan(i, 8)) + Vector256<int>.One;
                steps.CopyTo(_steps.AsSpan(i, 8));
                uint limit = Vector256.GreaterThanOrEqual(steps, Vector256.Create(max)).ExtractMostSignificantBits();
                if (own) LaneFlags.Or(_truncated, i, limit); else LaneFlags.Write(_truncated, i, limit, 8);
            }
            else for (int k = i; k < i + 8; k++) _truncated[k] = ++_steps[k] >= max || (own && _truncated[k]);
            // one byte per lane, 0 or 1: the set bits of the OR are the lanes whose episode ended
            for (ulong ended = LaneFlags.Read8(_terminated, i) | LaneFlags.Read8(_truncated, i); ended != 0; ended &= ended - 1)
                EndEpisode(i + (BitOperations.TrailingZeroCount(ended) >> 3));
        }
        for (; i < NumEnvs; i++)
        {
            _truncated[i] = ++_steps[i] >= max || (own && _truncated[i]);
            if (_terminated[i] || _truncated[i]) EndEpisode(i);
        }
    }

    // keep the finished episode's last observation, then reset the lane (its generator continues)
    void EndEpisode(int i)
    {
        int n = _obsSize;
        for (int k = i * n; k < i * n + n; k++) _finalObs[k] = _obs[k]; // a few floats: no Memmove call
        ResetLaneAndObserve(i);
    }

    /// <summary>Writes every lane's observation into (B, obs); override with a tighter loop where it pays.</summary>
    protected virtual void ObserveAll(Span<float> observations)
    {
        int n = _obsSize;
        for (int i = 0; i < NumEnvs; i++) Observe(i, observations.Slice(i * n, n));
    }

    /// <summary>Draws lane i's initial state.</summary>
    protected abstract void ResetLane(int i, ref Pcg64 rng);
    /// <summary>Writes lane i's observation.</summary>
    protected abstract void Observe(int i, Span<float> obs);
    /// <summary>
    /// True when <see cref="StepLanes(ReadOnlySpan{int})"/> writes every lane's <see cref="Truncated"/>
    /// flag (an environment's own truncation, in <see cref="LaneTruncated"/>); the time limit is then added to it. False: the time
    /// limit alone sets it.
    /// </summary>
    protected virtual bool SetsTruncation => false;

    /// <summary>Advances every lane; fills <see cref="LaneRewards"/> and <see cref="LaneTerminated"/> (and <see cref="LaneTruncated"/> when <see cref="SetsTruncation"/>).</summary>
    protected virtual void StepLanes(ReadOnlySpan<int> actions) => throw new NotSupportedException();
    /// <summary>Advances every lane; fills <see cref="LaneRewards"/> and <see cref="LaneTerminated"/>.</summary>
    protected virtual void StepLanes(ReadOnlySpan<float> actions) => throw new NotSupportedException();
}
