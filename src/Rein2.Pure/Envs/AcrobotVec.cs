// Batched Acrobot-v1. Exact mode runs the scalar RK4 (libm trig, Python's pow) per lane: bit-identical
// to Acrobot. Fast mode runs the same RK4 across 4 lanes in Vector256<double> with Vector256.SinCos
// and x·x squares — several times faster, with last-bit differences that grow like any perturbation
// of this chaotic system.
using System.Runtime.Intrinsics;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Envs;

/// <summary>A batch of Acrobot-v1 environments.</summary>
internal sealed class AcrobotVec : VecEnv
{
    readonly double[] _t1, _t2, _d1, _d2, _torque;

    /// <summary>Creates <paramref name="numEnvs"/> lanes.</summary>
    public AcrobotVec(int numEnvs, TrigMode mode = TrigMode.Exact) : base(numEnvs, mode, 6)
    {
        _t1 = new double[numEnvs]; _t2 = new double[numEnvs]; _d1 = new double[numEnvs]; _d2 = new double[numEnvs]; _torque = new double[numEnvs];
    }

    /// <inheritdoc/>
    public override string Id => "Acrobot-v1";
    /// <inheritdoc/>
    public override int ObservationSize => 6;
    /// <inheritdoc/>
    public override Space ActionSpace { get; } = new DiscreteSpace(3);
    /// <inheritdoc/>
    public override int MaxEpisodeSteps => 500;

    /// <inheritdoc/>
    protected override void ResetLane(int i, ref Pcg64 rng)
    {
        var s = Acrobot.InitialState(ref rng);
        _t1[i] = s.Theta1; _t2[i] = s.Theta2; _d1[i] = s.DTheta1; _d2[i] = s.DTheta2;
    }

    /// <inheritdoc/>
    protected override void SyncLanes(Checkpoints.StateArchive a) { a.Sync(_t1); a.Sync(_t2); a.Sync(_d1); a.Sync(_d2); }

    /// <inheritdoc/>
    protected override void Observe(int i, Span<float> obs)
        => Acrobot.Observe(new AcrobotState { Theta1 = _t1[i], Theta2 = _t2[i], DTheta1 = _d1[i], DTheta2 = _d2[i] }, obs);

    /// <inheritdoc/>
    protected override void StepLanes(ReadOnlySpan<int> actions)
    {
        int n = NumEnvs, i = 0;
        if (Mode == TrigMode.Fast && Vector256.IsHardwareAccelerated)
        {
            for (int k = 0; k < n; k++) _torque[k] = actions[k] - 1.0;
            for (; i <= n - 4; i += 4) StepVector(i);
        }
        for (; i < n; i++)
        {
            var s = new AcrobotState { Theta1 = _t1[i], Theta2 = _t2[i], DTheta1 = _d1[i], DTheta2 = _d2[i] };
            bool term = Acrobot.Step(ref s, actions[i]);
            _t1[i] = s.Theta1; _t2[i] = s.Theta2; _d1[i] = s.DTheta1; _d2[i] = s.DTheta2;
            LaneTerminated[i] = term; LaneRewards[i] = term ? 0.0 : -1.0;
        }
    }

    // The "book" dynamics of Acrobot.Derivs, four lanes at a time (constants folded: m = l = I = 1,
    // lc = 0.5, g = 9.8).
    static void Derivs(Vector256<double> a, Vector256<double> t1, Vector256<double> t2, Vector256<double> d1v, Vector256<double> d2v,
                       out Vector256<double> dd1, out Vector256<double> dd2)
    {
        var (sin2, cos2) = Vector256.SinCos(t2);
        var d1 = Vector256.Create(0.25) + (Vector256.Create(1.25) + cos2) + Vector256.Create(1.0) + Vector256.Create(1.0);
        var d2 = (Vector256.Create(0.25) + Vector256.Create(0.5) * cos2) + Vector256.Create(1.0);
        var phi2 = Vector256.Create(0.5 * 9.8) * Vector256.Cos(t1 + t2 - Vector256.Create(Math.PI / 2.0));
        var phi1 = Vector256.Create(-0.5) * (d2v * d2v) * sin2
                   - d2v * d1v * sin2
                   + Vector256.Create(1.5 * 9.8) * Vector256.Cos(t1 - Vector256.Create(Math.PI / 2))
                   + phi2;
        dd2 = (a + d2 / d1 * phi1 - Vector256.Create(0.5) * (d1v * d1v) * sin2 - phi2) / (Vector256.Create(1.25) - d2 * d2 / d1);
        dd1 = -(d2 * dd2 + phi1) / d1;
    }

    void StepVector(int i)
    {
        var a = Vector256.Create(_torque.AsSpan(i, 4));
        var y0 = Vector256.Create(_t1.AsSpan(i, 4)); var y1 = Vector256.Create(_t2.AsSpan(i, 4));
        var y2 = Vector256.Create(_d1.AsSpan(i, 4)); var y3 = Vector256.Create(_d2.AsSpan(i, 4));
        const double dt = 0.2, dt2 = dt / 2.0;
        var h = Vector256.Create(dt2); var full = Vector256.Create(dt);
        Derivs(a, y0, y1, y2, y3, out var k12, out var k13);
        var (k10, k11) = (y2, y3);
        Derivs(a, y0 + h * k10, y1 + h * k11, y2 + h * k12, y3 + h * k13, out var k22, out var k23);
        var (k20, k21) = (y2 + h * k12, y3 + h * k13);
        Derivs(a, y0 + h * k20, y1 + h * k21, y2 + h * k22, y3 + h * k23, out var k32, out var k33);
        var (k30, k31) = (y2 + h * k22, y3 + h * k23);
        Derivs(a, y0 + full * k30, y1 + full * k31, y2 + full * k32, y3 + full * k33, out var k42, out var k43);
        var (k40, k41) = (y2 + full * k32, y3 + full * k33);
        var w = Vector256.Create(dt / 6.0); var two = Vector256.Create(2.0);
        var n0 = y0 + w * (k10 + two * k20 + two * k30 + k40);
        var n1 = y1 + w * (k11 + two * k21 + two * k31 + k41);
        var n2 = y2 + w * (k12 + two * k22 + two * k32 + k42);
        var n3 = y3 + w * (k13 + two * k23 + two * k33 + k43);
        n0 = Wrap(n0); n1 = Wrap(n1);
        n2 = Vector256.Min(Vector256.Max(n2, Vector256.Create(-Acrobot.MaxVel1)), Vector256.Create(Acrobot.MaxVel1));
        n3 = Vector256.Min(Vector256.Max(n3, Vector256.Create(-Acrobot.MaxVel2)), Vector256.Create(Acrobot.MaxVel2));
        n0.CopyTo(_t1.AsSpan(i)); n1.CopyTo(_t2.AsSpan(i)); n2.CopyTo(_d1.AsSpan(i)); n3.CopyTo(_d2.AsSpan(i));
        var height = -Vector256.Cos(n0) - Vector256.Cos(n1 + n0);
        uint term = Vector256.GreaterThan(height, Vector256.Create(1.0)).ExtractMostSignificantBits();
        for (int k = 0; k < 4; k++) { LaneTerminated[i + k] = ((term >> k) & 1) != 0; LaneRewards[i + k] = LaneTerminated[i + k] ? 0.0 : -1.0; }
    }

    // wrap(x, −π, π): one RK4 step moves an angle by less than 2π·2, so two conditional shifts suffice
    static Vector256<double> Wrap(Vector256<double> x)
    {
        var pi = Vector256.Create(Math.PI); var twoPi = Vector256.Create(2 * Math.PI);
        for (int r = 0; r < 2; r++)
        {
            x = Vector256.ConditionalSelect(Vector256.GreaterThan(x, pi), x - twoPi, x);
            x = Vector256.ConditionalSelect(Vector256.LessThan(x, -pi), x + twoPi, x);
        }
        return x;
    }
}
