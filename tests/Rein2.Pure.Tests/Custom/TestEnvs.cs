// Small environments written the way a user writes one (one Env subclass each), for the tests of
// the open API: a corridor that a learner solves quickly, and variants with one planted defect each.
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Envs;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Tests.Custom;

/// <summary>
/// A walk on 0 … Length: start near the left end, action 1 steps right, 0 steps left; reaching the
/// right end ends the episode with +1, every other step costs 0.01. A random policy rarely arrives
/// within the time limit; the right policy arrives in about Length steps.
/// </summary>
public class Corridor : Env
{
    public const int Length = 12;
    protected int Position;

    public override string Id => "Corridor-v0";
    public override BoxSpace ObservationSpace { get; } = new([0f, -1f], [1f, 1f]);
    public override Space ActionSpace { get; } = new DiscreteSpace(2);
    public override int MaxEpisodeSteps => 50;
    public override bool SupportsCheckpoints => true;
    public override void SyncState(StateArchive archive) => archive.Sync(ref Position);

    protected override void ResetCore(ref Pcg64 rng, Span<float> observation)
    {
        Position = (int)rng.Integers(0, 3);
        Observe(observation);
    }

    protected override StepResult StepDiscrete(int action, Span<float> observation)
    {
        Position = Math.Max(0, Position + (action == 1 ? 1 : -1));
        Observe(observation);
        return Position >= Length ? new StepResult(1.0, true, false) : new StepResult(-0.01, false, false);
    }

    protected virtual void Observe(Span<float> observation)
    {
        observation[0] = (float)Position / Length;
        observation[1] = Position % 2 == 0 ? 1f : -1f;
    }
}

/// <summary>The corridor without a state hook: trains, but its runs cannot be checkpointed.</summary>
public sealed class CorridorWithoutState : Corridor
{
    public override string Id => "CorridorNoState-v0";
    public override bool SupportsCheckpoints => false;
    public override void SyncState(StateArchive archive) => base.SyncState(archive);
}

/// <summary>Writes only the first of its two declared values.</summary>
public sealed class ShortObservation : Corridor
{
    protected override void Observe(Span<float> observation) => observation[0] = (float)Position / Length;
}

/// <summary>Returns NaN once the walker reaches position 4.</summary>
public sealed class NaNAtFour : Corridor
{
    protected override void Observe(Span<float> observation)
    {
        base.Observe(observation);
        if (Position == 4) observation[0] = float.NaN;
    }
}

/// <summary>Reports positions past the declared box [0, 1].</summary>
public sealed class OutsideTheBox : Corridor
{
    protected override void Observe(Span<float> observation)
    {
        base.Observe(observation);
        observation[0] *= 3;
    }
}

/// <summary>Its reset ignores the generator: every reset starts somewhere new.</summary>
public sealed class NondeterministicReset : Corridor
{
    static int _resets;
    protected override void ResetCore(ref Pcg64 rng, Span<float> observation)
    {
        Position = Interlocked.Increment(ref _resets) % 3;
        Observe(observation);
    }
}

/// <summary>Throws on its fifth step of an episode.</summary>
public sealed class ThrowsOnFifthStep : Corridor
{
    protected override StepResult StepDiscrete(int action, Span<float> observation)
    {
        if (ElapsedSteps == 4) throw new InvalidOperationException("the sensor cable came loose");
        return base.StepDiscrete(action, observation);
    }
}

/// <summary>Its step reads a global counter, so the same seed and actions do not replay.</summary>
public sealed class HiddenGlobalState : Corridor
{
    static int _calls;
    protected override StepResult StepDiscrete(int action, Span<float> observation)
    {
        var r = base.StepDiscrete(action, observation);
        return r with { Reward = r.Reward + (Interlocked.Increment(ref _calls) % 7) * 1e-3 };
    }
}

/// <summary>Claims checkpoint support but forgets its state.</summary>
public sealed class ForgetfulState : Corridor
{
    public override void SyncState(StateArchive archive) { }
}

/// <summary>A Box-action variant with actions in [-2, 2]: valid, but the checker advises scaling to [-1, 1].</summary>
public sealed class WideBoxCorridor : Env
{
    int _position;
    public override string Id => "WideBoxCorridor-v0";
    public override BoxSpace ObservationSpace { get; } = new([0f], [1f]);
    public override Space ActionSpace { get; } = new BoxSpace([-2f], [2f]);
    public override int MaxEpisodeSteps => 40;
    public override bool SupportsCheckpoints => true;
    public override void SyncState(StateArchive archive) => archive.Sync(ref _position);
    protected override void ResetCore(ref Pcg64 rng, Span<float> observation) { _position = 0; observation[0] = 0; }
    protected override StepResult StepContinuous(ReadOnlySpan<float> action, Span<float> observation)
    {
        _position = Math.Clamp(_position + (action[0] > 0 ? 1 : -1), 0, 10);
        observation[0] = _position / 10f;
        return new StepResult(_position == 10 ? 1 : -0.01, _position == 10, false);
    }
}
