// Batched versions of the environments whose step is dominated by per-lane libm calls or float32
// round trips (Acrobot in Exact mode, MountainCarContinuous, Pendulum): the state is kept per lane
// and each lane runs the scalar environment's pure Step function, so they are bit-identical to the
// scalar environments by construction. Their
// states are plain structs of doubles, saved in checkpoints as one double array. They share VecEnv's seeding and same-step auto-reset.
using System.Runtime.InteropServices;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Envs;

/// <summary>A batch of MountainCarContinuous-v0 environments (per-lane scalar physics).</summary>
internal sealed class MountainCarContinuousVec(int numEnvs) : VecEnv(numEnvs, TrigMode.Exact, 2)
{
    readonly MountainCarState[] _s = new MountainCarState[numEnvs];
    /// <inheritdoc/>
    public override string Id => "MountainCarContinuous-v0";
    /// <inheritdoc/>
    public override int ObservationSize => 2;
    /// <inheritdoc/>
    public override Space ActionSpace { get; } = new BoxSpace([-1f], [1f]);
    /// <inheritdoc/>
    public override int MaxEpisodeSteps => 999;
    /// <inheritdoc/>
    protected override void ResetLane(int i, ref Pcg64 rng) => _s[i] = MountainCar.InitialState(ref rng);
    /// <inheritdoc/>
    protected override void Observe(int i, Span<float> obs) => MountainCar.Observe(_s[i], obs);
    /// <inheritdoc/>
    protected override void SyncLanes(Checkpoints.StateArchive a) => a.Sync(MemoryMarshal.Cast<MountainCarState, double>(_s.AsSpan()));
    /// <inheritdoc/>
    protected override void StepLanes(ReadOnlySpan<float> actions)
    {
        for (int i = 0; i < NumEnvs; i++) (LaneRewards[i], LaneTerminated[i]) = MountainCarContinuous.Step(ref _s[i], actions[i]);
    }
}

/// <summary>A batch of Pendulum-v1 environments (per-lane scalar physics).</summary>
internal sealed class PendulumVec(int numEnvs) : VecEnv(numEnvs, TrigMode.Exact, 3)
{
    readonly PendulumState[] _s = new PendulumState[numEnvs];
    /// <inheritdoc/>
    public override string Id => "Pendulum-v1";
    /// <inheritdoc/>
    public override int ObservationSize => 3;
    /// <inheritdoc/>
    public override Space ActionSpace { get; } = new BoxSpace([-2f], [2f]);
    /// <inheritdoc/>
    public override int MaxEpisodeSteps => 200;
    /// <inheritdoc/>
    protected override void ResetLane(int i, ref Pcg64 rng) => _s[i] = Pendulum.InitialState(ref rng);
    /// <inheritdoc/>
    protected override void Observe(int i, Span<float> obs) => Pendulum.Observe(_s[i], obs);
    /// <inheritdoc/>
    protected override void SyncLanes(Checkpoints.StateArchive a) => a.Sync(MemoryMarshal.Cast<PendulumState, double>(_s.AsSpan()));
    /// <inheritdoc/>
    protected override void StepLanes(ReadOnlySpan<float> actions)
    {
        for (int i = 0; i < NumEnvs; i++) { LaneRewards[i] = Pendulum.Step(ref _s[i], actions[i]); LaneTerminated[i] = false; }
    }
}
