// Batched MountainCar-v0: structure-of-arrays, physics in Vector256<double> (4 lanes, AVX2 and up)
// with a scalar remainder. Exact mode takes cos(3·position) from libm per lane and is bit-identical
// to MountainCar (the rest — adds, multiplies, min/max clips — is exact IEEE arithmetic in SIMD too);
// Fast mode uses Vector256.Cos.
using System.Runtime.Intrinsics;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Envs;

/// <summary>A batch of MountainCar-v0 environments.</summary>
internal sealed class MountainCarVec : VecEnv
{
    const double Force = 0.001, Gravity = 0.0025;
    readonly double[] _pos, _vel, _push, _cos3;

    /// <summary>Creates <paramref name="numEnvs"/> lanes.</summary>
    public MountainCarVec(int numEnvs, TrigMode mode = TrigMode.Exact) : base(numEnvs, mode, 2)
    {
        _pos = new double[numEnvs]; _vel = new double[numEnvs]; _push = new double[numEnvs]; _cos3 = new double[numEnvs];
    }

    /// <inheritdoc/>
    public override string Id => "MountainCar-v0";
    /// <inheritdoc/>
    public override int ObservationSize => 2;
    /// <inheritdoc/>
    public override Space ActionSpace { get; } = new DiscreteSpace(3);
    /// <inheritdoc/>
    public override int MaxEpisodeSteps => 200;

    /// <inheritdoc/>
    protected override void ResetLane(int i, ref Pcg64 rng)
    {
        var s = MountainCar.InitialState(ref rng);
        _pos[i] = s.Position; _vel[i] = s.Velocity;
    }

    /// <inheritdoc/>
    protected override void SyncLanes(Checkpoints.StateArchive a) { a.Sync(_pos); a.Sync(_vel); }

    /// <inheritdoc/>
    protected override void Observe(int i, Span<float> obs) { obs[0] = (float)_pos[i]; obs[1] = (float)_vel[i]; }

    /// <inheritdoc/>
    protected override void StepLanes(ReadOnlySpan<int> actions)
    {
        int n = NumEnvs, i = 0;
        for (int k = 0; k < n; k++) _push[k] = (actions[k] - 1) * Force;
        if (Mode == TrigMode.Fast && Vector256.IsHardwareAccelerated)
            for (; i <= n - 4; i += 4) Vector256.Cos(Vector256.Create(_pos.AsSpan(i, 4)) * 3.0).CopyTo(_cos3.AsSpan(i));
        for (; i < n; i++) _cos3[i] = Math.Cos(3 * _pos[i]);

        int j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; j <= n - 4; j += 4)
            {
                // velocity += (a − 1)·force + cos(3p)·(−gravity), then np.clip
                var v = Vector256.Create(_vel.AsSpan(j, 4)) + (Vector256.Create(_push.AsSpan(j, 4)) + Vector256.Create(_cos3.AsSpan(j, 4)) * -Gravity);
                v = Vector256.Min(Vector256.Max(v, Vector256.Create(-MountainCar.MaxSpeed)), Vector256.Create(MountainCar.MaxSpeed));
                var p = Vector256.Create(_pos.AsSpan(j, 4)) + v;
                p = Vector256.Min(Vector256.Max(p, Vector256.Create(MountainCar.MinPosition)), Vector256.Create(MountainCar.MaxPosition));
                var atWall = Vector256.Equals(p, Vector256.Create(MountainCar.MinPosition)) & Vector256.LessThan(v, Vector256<double>.Zero);
                v = Vector256.ConditionalSelect(atWall, Vector256<double>.Zero, v);
                p.CopyTo(_pos.AsSpan(j)); v.CopyTo(_vel.AsSpan(j));
                uint term = (Vector256.GreaterThanOrEqual(p, Vector256.Create(MountainCar.GoalPosition)) & Vector256.GreaterThanOrEqual(v, Vector256<double>.Zero)).ExtractMostSignificantBits();
                for (int k = 0; k < 4; k++) { LaneTerminated[j + k] = ((term >> k) & 1) != 0; LaneRewards[j + k] = -1.0; }
            }
        for (; j < n; j++)
        {
            double v = _vel[j] + (_push[j] + _cos3[j] * -Gravity);
            v = Math.Min(Math.Max(v, -MountainCar.MaxSpeed), MountainCar.MaxSpeed);
            double p = Math.Min(Math.Max(_pos[j] + v, MountainCar.MinPosition), MountainCar.MaxPosition);
            if (p == MountainCar.MinPosition && v < 0) v = 0;
            _pos[j] = p; _vel[j] = v;
            LaneTerminated[j] = p >= MountainCar.GoalPosition && v >= 0;
            LaneRewards[j] = -1.0;
        }
    }
}
