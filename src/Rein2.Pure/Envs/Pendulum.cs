// Pendulum-v1. reference: gymnasium/envs/classic_control/pendulum.py (Gymnasium 1.0.0).
// u = clip(a, −2, 2) in float32; cost uses the old state: angle_normalize(θ)² + 0.1·θ̇² + 0.001·u²;
// θ̇ += (3g/(2l)·sin θ + 3/(m l²)·u)·dt, clipped to ±8; θ += θ̇·dt. Never terminates.
using Rein2.Pure.Rng;

namespace Rein2.Pure.Envs;

/// <summary>Pendulum state (θ, θ̇) in float64.</summary>
public struct PendulumState
{
    /// <summary>Angle (0 = upright).</summary>
    public double Theta;
    /// <summary>Angular velocity.</summary>
    public double ThetaDot;
}

/// <summary>The pendulum as pure functions, and the Gymnasium-shaped environment.</summary>
public sealed class Pendulum : Env
{
    const double MaxSpeed = 8, MaxTorque = 2.0, Dt = 0.05, G = 10.0, M = 1.0, L = 1.0;

    static readonly BoxSpace ObsSpace = new([-1f, -1f, -8f], [1f, 1f, 8f]);
    static readonly BoxSpace ActSpace = new([-2f], [2f]);

    PendulumState _state;

    /// <summary>The physical state now (read-only; Gymnasium's env.unwrapped.state).</summary>
    public PendulumState State => _state;

    /// <inheritdoc/>
    public override string Id => "Pendulum-v1";
    /// <inheritdoc/>
    public override BoxSpace ObservationSpace => ObsSpace;
    /// <inheritdoc/>
    public override Space ActionSpace => ActSpace;
    /// <inheritdoc/>
    public override int MaxEpisodeSteps => 200;

    /// <summary>uniform(low=[−π, −1], high=[π, 1]).</summary>
    public static PendulumState InitialState(ref Pcg64 rng) => new() { Theta = rng.Uniform(-Math.PI, Math.PI), ThetaDot = rng.Uniform(-1.0, 1.0) };

    /// <summary>((x + π) mod 2π) − π with NumPy's floor-mod (result has the divisor's sign).</summary>
    public static double AngleNormalize(double x)
    {
        double a = x + Math.PI, b = 2 * Math.PI;
        double mod = a % b;                        // C fmod
        if (mod != 0) { if (mod < 0) mod += b; }   // npy_divmod: shift into the divisor's sign
        else mod = 0.0;                            // copysign(0, b) with b > 0
        return mod - Math.PI;
    }

    /// <summary>One step; returns the reward (−cost).</summary>
    public static double Step(ref PendulumState s, float action)
    {
        float u = Math.Clamp(action, -(float)MaxTorque, (float)MaxTorque);
        double th = s.Theta, thdot = s.ThetaDot;
        double un = AngleNormalize(th);
        double du = u;
        // x**2 is libm pow(x, 2) (PySquare; not always x·x); np.float32 u is promoted to float64 (NumPy 1.x)
        double costs = PySquare.Of(un) + 0.1 * PySquare.Of(thdot) + 0.001 * PySquare.Of(du);
        double newthdot = thdot + (3 * G / (2 * L) * Math.Sin(th) + 3.0 / (M * (L * L)) * du) * Dt;
        newthdot = Math.Min(Math.Max(newthdot, -MaxSpeed), MaxSpeed);
        double newth = th + newthdot * Dt;
        s.Theta = newth; s.ThetaDot = newthdot;
        return -costs;
    }

    /// <summary>[cos θ, sin θ, θ̇] as float32.</summary>
    public static void Observe(in PendulumState s, Span<float> obs)
    {
        var (sin, cos) = Math.SinCos(s.Theta);
        obs[0] = (float)cos; obs[1] = (float)sin; obs[2] = (float)s.ThetaDot;
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
    protected override StepResult StepContinuous(ReadOnlySpan<float> action, Span<float> observation)
    {
        double reward = Step(ref _state, action[0]);
        Observe(_state, observation);
        return new StepResult(reward, false, false);
    }
}
