// Any Env, batched: B instances stepped one after another behind VecEnv's interface, with the same
// semantics as stable-baselines3's DummyVecEnv — same-step auto-reset, the finished episode's last
// observation kept in FinalObservations for bootstrapping, time-limit truncation — and Gymnasium's
// vector seeding (lane i reset with seed + i). Every observation and reward is checked finite and
// every exception from the user's code is wrapped with the lane and step, so a misbehaving
// environment stops the run at the step it misbehaved.
// Speed: each lane writes straight into its row of Observations (no copy) and owns its generator
// (VecEnv's copy is used only to seed it), and the finiteness checks run once per batch step over
// the whole batch with SIMD: what remains over a plain loop is a virtual call and a few flags per lane.
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Envs;

/// <summary>B copies of an <see cref="Env"/> as one <see cref="VecEnv"/> (SB3 DummyVecEnv semantics).</summary>
public sealed class EnvBatch : VecEnv
{
    readonly Env[] _envs;
    readonly int _d, _actionDim;
    long _batchSteps;   // steps since the last seeded Reset: where a failure happened, whatever ran on this batch before

    /// <summary>Makes <paramref name="numEnvs"/> fresh instances from <paramref name="spec"/>.</summary>
    public EnvBatch(EnvSpec spec, int numEnvs) : base(numEnvs, TrigMode.Exact, spec.ObservationSize)
    {
        _envs = new Env[numEnvs];
        for (int i = 0; i < numEnvs; i++)
        {
            var e = _envs[i] = spec.Create();
            if (e.Id != spec.Id || e.ObservationSize != spec.ObservationSize || e.ActionSpace.FlatSize != spec.ActionSpace.FlatSize)
                throw new InvalidSettingException($"The factory of '{spec.Id}' made an instance that differs from the first (id '{e.Id}', observation length {e.ObservationSize}); every instance must have the same id and spaces.");
            for (int j = 0; j < i; j++)
                if (ReferenceEquals(e, _envs[j])) throw new InvalidSettingException($"The factory of '{spec.Id}' returned the same instance twice; it must return a new Env each call.");
        }
        _d = spec.ObservationSize;
        _actionDim = spec.ActionSpace is BoxSpace b ? b.Dim : 1;
        Id = spec.Id; ActionSpace = spec.ActionSpace; MaxEpisodeSteps = spec.MaxEpisodeSteps;
    }

    /// <inheritdoc/>
    public override string Id { get; }
    /// <inheritdoc/>
    public override int ObservationSize => _d;
    /// <inheritdoc/>
    public override Space ActionSpace { get; }
    /// <inheritdoc/>
    public override int MaxEpisodeSteps { get; }
    /// <inheritdoc/>
    protected override bool SetsTruncation => true;
    /// <summary>Lane <paramref name="i"/>'s environment instance.</summary>
    public Env Lane(int i) => _envs[i];

    /// <inheritdoc/>
    protected override void ResetLane(int i, ref Pcg64 rng)
    {
        var env = _envs[i];
        if (Reseeding) env.Generator = rng; // an auto-reset continues the lane's own generator
        if (Reseeding && i == 0) _batchSteps = 0;
        try { env.Reset(Row(i)); }
        catch (Exception e) { throw Reseeding ? FailedInSeededReset(i, e) : Failed(i, "threw in Reset", e); }
        if (!Kernels.AllFinite(Row(i))) throw Failed(i, $"wrote a non-finite observation [{Show(i)}] in Reset", null);
    }

    // the lanes write their rows of Observations themselves: nothing to copy
    /// <inheritdoc/>
    protected override void Observe(int i, Span<float> obs) { }
    /// <inheritdoc/>
    protected override void ObserveAll(Span<float> observations) { }

    /// <inheritdoc/>
    protected override void StepLanes(ReadOnlySpan<int> actions)
    {
        _batchSteps++;
        int i = 0;
        try
        {
            // one protected region around the loop, not one per lane: the loop body stays tight
            var envs = _envs;
            var rewards = LaneRewards; var terminated = LaneTerminated; var truncated = LaneTruncated; var obs = LaneObservations;
            for (; i < envs.Length; i++)
            {
                var r = envs[i].Step(actions[i], obs.Slice(i * _d, _d));
                rewards[i] = r.Reward; terminated[i] = r.Terminated;
                truncated[i] = r.Truncated; // the environment's own truncation; VecEnv adds the time limit
            }
        }
        catch (Exception e) { throw Failed(i, $"threw in Step (action {actions[i]})", e); }
        CheckFinite();
    }

    /// <inheritdoc/>
    protected override void StepLanes(ReadOnlySpan<float> actions)
    {
        _batchSteps++;
        int i = 0;
        try
        {
            var envs = _envs;
            for (; i < envs.Length; i++)
            {
                var r = envs[i].Step(actions.Slice(i * _actionDim, _actionDim), Row(i));
                LaneRewards[i] = r.Reward; LaneTerminated[i] = r.Terminated;
                LaneTruncated[i] = r.Truncated;
            }
        }
        catch (Exception e) { throw Failed(i, "threw in Step", e); }
        CheckFinite();
    }

    // one SIMD pass over the batch; only a failure looks lane by lane, to name it
    void CheckFinite()
    {
        if (Kernels.AllFinite(LaneObservations) && Kernels.AllFinite(LaneRewards)) return;
        for (int i = 0; i < _envs.Length; i++)
        {
            if (!double.IsFinite(LaneRewards[i])) throw Failed(i, $"returned the reward {LaneRewards[i]} in Step", null);
            if (!Kernels.AllFinite(Row(i))) throw Failed(i, $"wrote a non-finite observation [{Show(i)}] in Step", null);
        }
    }

    Span<float> Row(int i) => LaneObservations.Slice(i * _d, _d);
    string Show(int i) => string.Join(", ", Row(i).ToArray());

    EnvironmentException Failed(int lane, string what, Exception? inner) => new(
        $"Environment {Id} (lane {lane}) {what} at batch step {_batchSteps}, episode step {_envs[lane].ElapsedSteps}" +
        (inner is null ? "." : $": {inner.GetType().Name}: {inner.Message}"), inner);

    // A seeded reset starts the count again, and the lane's last episode belongs to the batch's history
    // (in REIN-2, to whichever candidate this thread evaluated before): neither is named.
    EnvironmentException FailedInSeededReset(int lane, Exception inner) => new(
        $"Environment {Id} (lane {lane}) threw in Reset, seeded with the batch's seed + {lane}: {inner.GetType().Name}: {inner.Message}", inner);

    /// <inheritdoc/>
    protected override void SyncLanes(StateArchive a)
    {
        a.Sync(ref _batchSteps);
        foreach (var env in _envs) env.SyncAll(a);
    }
}
