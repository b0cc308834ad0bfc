// Any Env, batched: B instances stepped one after another behind VecEnv's interface, with the same
// semantics as stable-baselines3's DummyVecEnv — same-step auto-reset, the finished episode's last
// observation kept in FinalObservations for bootstrapping, time-limit truncation — and Gymnasium's
// vector seeding (lane i reset with seed + i). Every observation and reward is checked finite and
// every exception from the user's code is wrapped with the lane and step, so a misbehaving
// environment stops the run at the step it misbehaved.
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Envs;

/// <summary>B copies of an <see cref="Env"/> as one <see cref="VecEnv"/> (SB3 DummyVecEnv semantics).</summary>
public sealed class EnvBatch : VecEnv
{
    readonly Env[] _envs;
    readonly float[] _laneObs; // (B, d): each lane's latest observation as its Env wrote it
    readonly int _d, _actionDim;
    long _batchSteps;

    /// <summary>Makes <paramref name="numEnvs"/> fresh instances from <paramref name="spec"/>.</summary>
    public EnvBatch(EnvSpec spec, int numEnvs) : base(numEnvs, TrigMode.Exact, spec.ObservationSize)
    {
        _envs = new Env[numEnvs];
        for (int i = 0; i < numEnvs; i++)
        {
            var e = _envs[i] = spec.Create();
            if (e.Id != spec.Id || e.ObservationSize != spec.ObservationSize || !Equals(e.ActionSpace.FlatSize, spec.ActionSpace.FlatSize))
                throw new InvalidSettingException($"The factory of '{spec.Id}' made an instance that differs from the first (id '{e.Id}', observation length {e.ObservationSize}); every instance must have the same id and spaces.");
            if (i > 0 && ReferenceEquals(e, _envs[0])) throw new InvalidSettingException($"The factory of '{spec.Id}' returned the same instance twice; it must return a new Env each call.");
        }
        _d = spec.ObservationSize;
        _actionDim = spec.ActionSpace is BoxSpace b ? b.Dim : 1;
        _laneObs = new float[numEnvs * _d];
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
    /// <summary>Lane <paramref name="i"/>'s environment instance.</summary>
    public Env Lane(int i) => _envs[i];

    /// <inheritdoc/>
    protected override void ResetLane(int i, ref Pcg64 rng)
    {
        var env = _envs[i];
        env.Generator = rng;
        try { env.Reset(LaneObs(i)); }
        catch (Exception e) { throw Failed(i, "threw in Reset", e); }
        rng = env.Generator;
        CheckObservation(i, "Reset");
    }

    /// <inheritdoc/>
    protected override void Observe(int i, Span<float> obs) => LaneObs(i).CopyTo(obs);

    /// <inheritdoc/>
    protected override void StepLanes(ReadOnlySpan<int> actions)
    {
        _batchSteps++;
        for (int i = 0; i < _envs.Length; i++)
        {
            StepResult r;
            try { r = _envs[i].Step(actions[i], LaneObs(i)); }
            catch (Exception e) { throw Failed(i, $"threw in Step (action {actions[i]})", e); }
            Finish(i, r);
        }
    }

    /// <inheritdoc/>
    protected override void StepLanes(ReadOnlySpan<float> actions)
    {
        _batchSteps++;
        for (int i = 0; i < _envs.Length; i++)
        {
            StepResult r;
            try { r = _envs[i].Step(actions.Slice(i * _actionDim, _actionDim), LaneObs(i)); }
            catch (Exception e) { throw Failed(i, "threw in Step", e); }
            Finish(i, r);
        }
    }

    void Finish(int i, StepResult r)
    {
        Rewards[i] = r.Reward; Terminated[i] = r.Terminated;
        if (r.Truncated) Truncated[i] = true; // the environment's own truncation; the time limit is added by VecEnv
        Generator(i) = _envs[i].Generator;   // a stochastic Step draws from it: keep the lane's copy current
        if (!double.IsFinite(r.Reward)) throw Failed(i, $"returned the reward {r.Reward}", null);
        CheckObservation(i, "Step");
    }

    void CheckObservation(int i, string where)
    {
        var obs = LaneObs(i);
        foreach (float v in obs)
            if (!float.IsFinite(v))
                throw Failed(i, $"wrote a non-finite observation [{string.Join(", ", obs.ToArray())}] in {where}", null);
    }

    Span<float> LaneObs(int i) => _laneObs.AsSpan(i * _d, _d);

    EnvironmentException Failed(int lane, string what, Exception? inner) => new(
        $"Environment {Id} (lane {lane}) {what} at batch step {_batchSteps}, episode step {_envs[lane].ElapsedSteps}" +
        (inner is null ? "." : $": {inner.GetType().Name}: {inner.Message}"), inner);

    /// <inheritdoc/>
    protected override void SyncLanes(StateArchive a)
    {
        a.Sync(_laneObs);
        a.Sync(ref _batchSteps);
        foreach (var env in _envs) env.SyncAll(a);
    }
}
