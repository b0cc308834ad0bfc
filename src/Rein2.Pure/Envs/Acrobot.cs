// Acrobot-v1. reference: gymnasium/envs/classic_control/acrobot.py (Gymnasium 1.0.0), "book" dynamics.
// One RK4 step of dt = 0.2 over the augmented state (θ1, θ2, θ̇1, θ̇2, torque) in float64, then
// wrap/bound. Fidelity notes: the reset state is drawn in float64 and cast to float32 (".astype"),
// every expression keeps Python's left-to-right association, and x**2 on a float is libm's
// pow(x, 2) (PySquare), which is not always the correctly rounded x·x.
using Rein2.Pure.Rng;

namespace Rein2.Pure.Envs;

/// <summary>Acrobot state (θ1, θ2, θ̇1, θ̇2) in float64.</summary>
public struct AcrobotState
{
    /// <summary>Angle of the first link.</summary>
    public double Theta1;
    /// <summary>Angle of the second link relative to the first.</summary>
    public double Theta2;
    /// <summary>Angular velocity of link 1.</summary>
    public double DTheta1;
    /// <summary>Angular velocity of link 2.</summary>
    public double DTheta2;
}

/// <summary>The Acrobot dynamics as pure functions, and the Gymnasium-shaped environment.</summary>
public sealed class Acrobot : Env
{
    const double Dt = 0.2;
    const double L1 = 1.0, M1 = 1.0, M2 = 1.0, Lc1 = 0.5, Lc2 = 0.5, I1 = 1.0, I2 = 1.0, G = 9.8;
    /// <summary>4π.</summary>
    public const double MaxVel1 = 4 * Math.PI;
    /// <summary>9π.</summary>
    public const double MaxVel2 = 9 * Math.PI;
    static readonly double[] Torques = [-1.0, 0.0, 1.0];

    static readonly BoxSpace ObsSpace = new(
        [-1f, -1f, -1f, -1f, -(float)MaxVel1, -(float)MaxVel2],
        [1f, 1f, 1f, 1f, (float)MaxVel1, (float)MaxVel2]);

    AcrobotState _state;

    /// <summary>The physical state now (read-only; Gymnasium's env.unwrapped.state).</summary>
    public AcrobotState State => _state;

    /// <inheritdoc/>
    public override string Id => "Acrobot-v1";
    /// <inheritdoc/>
    public override BoxSpace ObservationSpace => ObsSpace;
    /// <inheritdoc/>
    public override Space ActionSpace { get; } = new DiscreteSpace(3);
    /// <inheritdoc/>
    public override int MaxEpisodeSteps => 500;
    /// <inheritdoc/>
    public override double? RewardThreshold => -100;

    /// <summary>uniform(−0.1, 0.1, size=4).astype(float32).</summary>
    public static AcrobotState InitialState(ref Pcg64 rng) => new()
    {
        Theta1 = (float)rng.Uniform(-0.1, 0.1), Theta2 = (float)rng.Uniform(-0.1, 0.1),
        DTheta1 = (float)rng.Uniform(-0.1, 0.1), DTheta2 = (float)rng.Uniform(-0.1, 0.1),
    };

    // _dsdt: (θ̇1, θ̇2, θ̈1, θ̈2) of the augmented state; the torque's derivative is 0.
    static void Derivs(double a, double theta1, double theta2, double dtheta1, double dtheta2,
                       out double d0, out double d1o, out double d2o, out double d3)
    {
        var (sin2, cos2) = Math.SinCos(theta2); // glibc sincos = sin, cos bit for bit
        double d1 = M1 * (Lc1 * Lc1) + M2 * (L1 * L1 + Lc2 * Lc2 + 2 * L1 * Lc2 * cos2) + I1 + I2;
        double d2 = M2 * (Lc2 * Lc2 + L1 * Lc2 * cos2) + I2;
        double phi2 = M2 * Lc2 * G * Math.Cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -M2 * L1 * Lc2 * PySquare.Of(dtheta2) * sin2
                      - 2 * M2 * L1 * Lc2 * dtheta2 * dtheta1 * sin2
                      + (M1 * Lc1 + M2 * L1) * G * Math.Cos(theta1 - Math.PI / 2)
                      + phi2;
        // book dynamics (java implementation), not the NIPS paper's
        double ddtheta2 = (a + d2 / d1 * phi1 - M2 * L1 * Lc2 * PySquare.Of(dtheta1) * sin2 - phi2)
                          / (M2 * (Lc2 * Lc2) + I2 - PySquare.Of(d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        d0 = dtheta1; d1o = dtheta2; d2o = ddtheta1; d3 = ddtheta2;
    }

    /// <summary>One RK4 step with torque −1, 0, +1 for action 0, 1, 2; returns whether terminal (reward 0, else −1).</summary>
    public static bool Step(ref AcrobotState s, int action)
    {
        double a = Torques[action];
        const double dt = Dt - 0;      // t = [0, dt] ⇒ dt = t[1] − t[0]
        const double dt2 = dt / 2.0;
        double y0 = s.Theta1, y1 = s.Theta2, y2 = s.DTheta1, y3 = s.DTheta2;
        Derivs(a, y0, y1, y2, y3, out var k10, out var k11, out var k12, out var k13);
        Derivs(a, y0 + dt2 * k10, y1 + dt2 * k11, y2 + dt2 * k12, y3 + dt2 * k13, out var k20, out var k21, out var k22, out var k23);
        Derivs(a, y0 + dt2 * k20, y1 + dt2 * k21, y2 + dt2 * k22, y3 + dt2 * k23, out var k30, out var k31, out var k32, out var k33);
        Derivs(a, y0 + dt * k30, y1 + dt * k31, y2 + dt * k32, y3 + dt * k33, out var k40, out var k41, out var k42, out var k43);
        // yout = y0 + dt/6·(k1 + 2·k2 + 2·k3 + k4), summed left to right
        double n0 = y0 + dt / 6.0 * (k10 + 2 * k20 + 2 * k30 + k40);
        double n1 = y1 + dt / 6.0 * (k11 + 2 * k21 + 2 * k31 + k41);
        double n2 = y2 + dt / 6.0 * (k12 + 2 * k22 + 2 * k32 + k42);
        double n3 = y3 + dt / 6.0 * (k13 + 2 * k23 + 2 * k33 + k43);
        s.Theta1 = Wrap(n0, -Math.PI, Math.PI);
        s.Theta2 = Wrap(n1, -Math.PI, Math.PI);
        s.DTheta1 = Bound(n2, -MaxVel1, MaxVel1);
        s.DTheta2 = Bound(n3, -MaxVel2, MaxVel2);
        return -Math.Cos(s.Theta1) - Math.Cos(s.Theta2 + s.Theta1) > 1.0;
    }

    /// <summary>wrap(): shift by (M − m) until m ≤ x ≤ M.</summary>
    public static double Wrap(double x, double m, double M)
    {
        double diff = M - m;
        while (x > M) x = x - diff;
        while (x < m) x = x + diff;
        return x;
    }

    /// <summary>bound() = min(max(x, m), M) with Python's min/max tie rules.</summary>
    public static double Bound(double x, double m, double M)
    {
        double v = m > x ? m : x;
        return M < v ? M : v;
    }

    /// <summary>[cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2] as float32.</summary>
    public static void Observe(in AcrobotState s, Span<float> obs)
    {
        var (sin1, cos1) = Math.SinCos(s.Theta1);
        var (sin2, cos2) = Math.SinCos(s.Theta2);
        obs[0] = (float)cos1; obs[1] = (float)sin1; obs[2] = (float)cos2; obs[3] = (float)sin2;
        obs[4] = (float)s.DTheta1; obs[5] = (float)s.DTheta2;
    }

    /// <inheritdoc/>
    public override bool SupportsCheckpoints => true;
    /// <inheritdoc/>
    public override void SyncState(Checkpoints.StateArchive archive) => SyncDoubles(archive, ref _state);

    /// <inheritdoc/>
    protected override void ResetCore(ref Pcg64 rng, Span<float> observation)
    {
        _state = InitialState(ref rng);
        Observe(_state, observation);
    }

    /// <inheritdoc/>
    protected override StepResult StepDiscrete(int action, Span<float> observation)
    {
        bool terminated = Step(ref _state, action);
        Observe(_state, observation);
        return new StepResult(terminated ? 0.0 : -1.0, terminated, false);
    }
}
