// CartPole-v1. reference: gymnasium/envs/classic_control/cartpole.py (Gymnasium 1.0.0).
// Euler integration in float64 with Gymnasium's exact operation order; observation cast to float32.
using Rein2.Pure.Rng;

namespace Rein2.Pure.Envs;

/// <summary>CartPole constants (Gymnasium defaults).</summary>
public readonly record struct CartPoleParams
{
    /// <summary>Gymnasium's defaults.</summary>
    public CartPoleParams() { }
    /// <summary>g.</summary>
    public double Gravity { get; init; } = 9.8;
    /// <summary>Cart mass.</summary>
    public double MassCart { get; init; } = 1.0;
    /// <summary>Pole mass.</summary>
    public double MassPole { get; init; } = 0.1;
    /// <summary>Half the pole's length.</summary>
    public double Length { get; init; } = 0.5;
    /// <summary>Push force magnitude.</summary>
    public double ForceMag { get; init; } = 10.0;
    /// <summary>Seconds per step.</summary>
    public double Tau { get; init; } = 0.02;
    /// <summary>12·2·π/360 rad.</summary>
    public double ThetaThreshold { get; init; } = 12 * 2 * Math.PI / 360;
    /// <summary>Cart position limit.</summary>
    public double XThreshold { get; init; } = 2.4;
    /// <summary>masspole + masscart (computed in that order, as Gymnasium does).</summary>
    public double TotalMass => MassPole + MassCart;
    /// <summary>masspole · length.</summary>
    public double PoleMassLength => MassPole * Length;
}

/// <summary>CartPole state (x, ẋ, θ, θ̇) in float64.</summary>
public struct CartPoleState
{
    /// <summary>Cart position.</summary>
    public double X;
    /// <summary>Cart velocity.</summary>
    public double XDot;
    /// <summary>Pole angle.</summary>
    public double Theta;
    /// <summary>Pole angular velocity.</summary>
    public double ThetaDot;
}

/// <summary>The CartPole dynamics as pure functions, and the Gymnasium-shaped environment.</summary>
public sealed class CartPole : Env
{
    // high = [x_threshold·2, float32 max, theta_threshold·2, float32 max], low = −high
    const float ThetaObsLimit = (float)(12 * 2 * Math.PI / 360 * 2);
    static readonly BoxSpace ObsSpace = new(
        [-4.8f, -float.MaxValue, -ThetaObsLimit, -float.MaxValue],
        [4.8f, float.MaxValue, ThetaObsLimit, float.MaxValue]);

    readonly CartPoleParams _params;

    /// <summary>The constants this instance uses.</summary>
    public CartPoleParams Params => _params;
    CartPoleState _state;

    /// <summary>The physical state now (read-only; Gymnasium's env.unwrapped.state).</summary>
    public CartPoleState State => _state;

    /// <summary>Creates CartPole-v1 with the given (default: Gymnasium's) constants.</summary>
    public CartPole(CartPoleParams? p = null) => _params = p ?? new CartPoleParams();

    /// <inheritdoc/>
    public override string Id => "CartPole-v1";
    /// <inheritdoc/>
    public override BoxSpace ObservationSpace => ObsSpace;
    /// <inheritdoc/>
    public override Space ActionSpace { get; } = new DiscreteSpace(2);
    /// <inheritdoc/>
    public override int MaxEpisodeSteps => 500;
    /// <inheritdoc/>
    public override double? RewardThreshold => 475;

    /// <summary>state = np_random.uniform(−0.05, 0.05, size=4).</summary>
    public static CartPoleState InitialState(ref Pcg64 rng) => new()
    {
        X = rng.Uniform(-0.05, 0.05), XDot = rng.Uniform(-0.05, 0.05),
        Theta = rng.Uniform(-0.05, 0.05), ThetaDot = rng.Uniform(-0.05, 0.05),
    };

    /// <summary>One Euler step; returns whether the new state is terminal (reward is always 1).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool Step(in CartPoleParams p, ref CartPoleState s, int action)
    {
        double force = action == 1 ? p.ForceMag : -p.ForceMag;
        // glibc's sincos shares the code of sin and cos: bit-identical results (the golden replay checks it)
        var (sintheta, costheta) = Math.SinCos(s.Theta);
        // Same association as Python: pml·θ̇²·sinθ = (pml·θ̇²)·sinθ. Python's x**2 is C pow(x, 2),
        // which is not always the correctly rounded x·x (see PySquare).
        double temp = (force + p.PoleMassLength * PySquare.Of(s.ThetaDot) * sintheta) / p.TotalMass;
        double thetaacc = (p.Gravity * sintheta - costheta * temp)
                          / (p.Length * (4.0 / 3.0 - p.MassPole * PySquare.Of(costheta) / p.TotalMass));
        double xacc = temp - p.PoleMassLength * thetaacc * costheta / p.TotalMass;
        // kinematics_integrator == "euler": positions use the old velocities
        s.X = s.X + p.Tau * s.XDot;
        s.XDot = s.XDot + p.Tau * xacc;
        s.Theta = s.Theta + p.Tau * s.ThetaDot;
        s.ThetaDot = s.ThetaDot + p.Tau * thetaacc;
        return s.X < -p.XThreshold || s.X > p.XThreshold || s.Theta < -p.ThetaThreshold || s.Theta > p.ThetaThreshold;
    }

    /// <summary>np.array(state, dtype=np.float32).</summary>
    public static void Observe(in CartPoleState s, Span<float> obs)
    {
        obs[0] = (float)s.X; obs[1] = (float)s.XDot; obs[2] = (float)s.Theta; obs[3] = (float)s.ThetaDot;
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
        bool terminated = Step(in _params, ref _state, action);
        Observe(_state, observation);
        return new StepResult(1.0, terminated, false);
    }
}
