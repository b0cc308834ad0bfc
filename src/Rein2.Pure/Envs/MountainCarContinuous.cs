// MountainCarContinuous-v0. reference: gymnasium/envs/classic_control/continuous_mountain_car.py
// (Gymnasium 1.0.0). Fidelity notes:
//  - force = min(max(a, −1), 1) of the float32 action, then float64 maths (NumPy 1.x promotes
//    np.float32 · Python float to float64);
//  - the state is stored back as float32 after every step (np.array(..., dtype=float32)), so the
//    next step starts from float32-rounded position and velocity; the reset state stays float64;
//  - the reward uses the *unclipped* action: −0.1·a², plus 100 on reaching the goal.
using Rein2.Pure.Rng;

namespace Rein2.Pure.Envs;

/// <summary>The continuous mountain car as pure functions, and the Gymnasium-shaped environment.</summary>
public sealed class MountainCarContinuous : Env
{
    const double MinAction = -1.0, MaxAction = 1.0, MinPosition = -1.2, MaxPosition = 0.6;
    const double MaxSpeed = 0.07, GoalPosition = 0.45, GoalVelocity = 0, Power = 0.0015;

    static readonly BoxSpace ObsSpace = new([(float)MinPosition, -(float)MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);
    static readonly BoxSpace ActSpace = new([-1f], [1f]);

    MountainCarState _state;

    /// <summary>The physical state now (read-only; Gymnasium's env.unwrapped.state).</summary>
    public MountainCarState State => _state;

    /// <inheritdoc/>
    public override string Id => "MountainCarContinuous-v0";
    /// <inheritdoc/>
    public override BoxSpace ObservationSpace => ObsSpace;
    /// <inheritdoc/>
    public override Space ActionSpace => ActSpace;
    /// <inheritdoc/>
    public override int MaxEpisodeSteps => 999;
    /// <inheritdoc/>
    public override double? RewardThreshold => 90;

    /// <summary>One step with a float32 force; returns (reward, terminated).</summary>
    public static (double Reward, bool Terminated) Step(ref MountainCarState s, float action)
    {
        double force = Math.Min(Math.Max((double)action, MinAction), MaxAction);
        double velocity = s.Velocity + (force * Power - 0.0025 * Math.Cos(3 * s.Position));
        if (velocity > MaxSpeed) velocity = MaxSpeed;
        if (velocity < -MaxSpeed) velocity = -MaxSpeed;
        double position = s.Position + velocity;
        if (position > MaxPosition) position = MaxPosition;
        if (position < MinPosition) position = MinPosition;
        if (position == MinPosition && velocity < 0) velocity = 0;
        bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
        double reward = terminated ? 100.0 : 0.0;
        double a = action;
        reward -= PySquare.Of(a) * 0.1; // math.pow(action[0], 2)
        s.Position = (float)position; s.Velocity = (float)velocity;
        return (reward, terminated);
    }

    /// <inheritdoc/>
    public override bool SupportsCheckpoints => true;
    /// <inheritdoc/>
    public override void SyncState(Checkpoints.StateArchive archive) => SyncDoubles(archive, ref _state);

    /// <inheritdoc/>
    protected override void ResetCore(ref Pcg64 rng, Span<float> observation)
    {
        _state = MountainCar.InitialState(ref rng);
        MountainCar.Observe(_state, observation);
    }

    /// <inheritdoc/>
    protected override StepResult StepContinuous(ReadOnlySpan<float> action, Span<float> observation)
    {
        var (reward, terminated) = Step(ref _state, action[0]);
        MountainCar.Observe(_state, observation);
        return new StepResult(reward, terminated, false);
    }
}
