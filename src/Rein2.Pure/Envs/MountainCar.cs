// MountainCar-v0. reference: gymnasium/envs/classic_control/mountain_car.py (Gymnasium 1.0.0).
// velocity += (a − 1)·force + cos(3·position)·(−gravity), then np.clip's, all in float64.
using Rein2.Pure.Rng;

namespace Rein2.Pure.Envs;

/// <summary>Mountain-car state (position, velocity) in float64.</summary>
public struct MountainCarState
{
    /// <summary>Car position.</summary>
    public double Position;
    /// <summary>Car velocity.</summary>
    public double Velocity;
}

/// <summary>The discrete mountain car as pure functions, and the Gymnasium-shaped environment.</summary>
public sealed class MountainCar : Env
{
    /// <summary>Left wall.</summary>
    public const double MinPosition = -1.2;
    /// <summary>Right edge.</summary>
    public const double MaxPosition = 0.6;
    /// <summary>Speed limit.</summary>
    public const double MaxSpeed = 0.07;
    /// <summary>Flag position.</summary>
    public const double GoalPosition = 0.5;
    const double GoalVelocity = 0, Force = 0.001, Gravity = 0.0025;

    static readonly BoxSpace ObsSpace = new([(float)MinPosition, -(float)MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);

    MountainCarState _state;

    /// <summary>The physical state now (read-only; Gymnasium's env.unwrapped.state).</summary>
    public MountainCarState State => _state;

    /// <inheritdoc/>
    public override string Id => "MountainCar-v0";
    /// <inheritdoc/>
    public override BoxSpace ObservationSpace => ObsSpace;
    /// <inheritdoc/>
    public override Space ActionSpace { get; } = new DiscreteSpace(3);
    /// <inheritdoc/>
    public override int MaxEpisodeSteps => 200;
    /// <inheritdoc/>
    public override double? RewardThreshold => -110;
    /// <summary>Novelty search's domain knowledge here: the highest position the car reached (b = [max x]).</summary>
    public override BehaviorCharacterization Behavior => HighestPosition.Instance;

    sealed class HighestPosition : BehaviorCharacterization
    {
        public static readonly HighestPosition Instance = new();
        public override int Size => 1;
        public override string Name => "highest position";
        public override void Begin(ReadOnlySpan<float> observation, Span<double> b) => b[0] = observation[0];
        public override void Step(ReadOnlySpan<float> observation, Span<double> b) => b[0] = Math.Max(b[0], observation[0]);
    }

    /// <summary>[uniform(−0.6, −0.4), 0].</summary>
    public static MountainCarState InitialState(ref Pcg64 rng) => new() { Position = rng.Uniform(-0.6, -0.4), Velocity = 0 };

    /// <summary>One step; returns whether the car reached the flag (reward is always −1).</summary>
    public static bool Step(ref MountainCarState s, int action)
    {
        double velocity = s.Velocity + ((action - 1) * Force + Math.Cos(3 * s.Position) * (-Gravity));
        velocity = Clip(velocity, -MaxSpeed, MaxSpeed);
        double position = s.Position + velocity;
        position = Clip(position, MinPosition, MaxPosition);
        if (position == MinPosition && velocity < 0) velocity = 0;
        s.Position = position; s.Velocity = velocity;
        return position >= GoalPosition && velocity >= GoalVelocity;
    }

    // np.clip(x, lo, hi) = min(max(x, lo), hi)
    static double Clip(double x, double lo, double hi) => Math.Min(Math.Max(x, lo), hi);

    /// <summary>np.array(state, dtype=float32).</summary>
    public static void Observe(in MountainCarState s, Span<float> obs) { obs[0] = (float)s.Position; obs[1] = (float)s.Velocity; }

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
        return new StepResult(-1.0, terminated, false);
    }
}
