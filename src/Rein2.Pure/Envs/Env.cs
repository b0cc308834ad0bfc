// The scalar environment API, Gymnasium's shape in C# idioms: Reset(seed?) and Step(action) write
// the observation into a caller-provided span (no allocation per step). This base class owns what
// gym.make adds around every classic-control env: seeding (np_random from SeedSequence(seed)),
// the TimeLimit wrapper (truncated once elapsed ≥ max_episode_steps) and order enforcement.
// A user's own environment is one subclass of this: spaces, a time limit, ResetCore and a step, and
// SyncState if runs on it should resume bit-identically from checkpoints (docs/embedding.md).
using System.Runtime.InteropServices;
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Envs;

/// <summary>A single environment instance with Gymnasium semantics.</summary>
public abstract class Env
{
    Pcg64 _rng;
    bool _seeded;
    bool _needsReset = true;
    int _discreteN = -1; // Discrete(n) of the action space, cached on first use (0: a Box space)
    int _maxSteps = -1;  // MaxEpisodeSteps, cached at Reset (a virtual call per step otherwise)

    /// <summary>Registry id, e.g. "CartPole-v1" (Gymnasium's "Name-vN" style).</summary>
    public abstract string Id { get; }
    /// <summary>The observation space (always a float32 Box here).</summary>
    public abstract BoxSpace ObservationSpace { get; }
    /// <summary>The action space.</summary>
    public abstract Space ActionSpace { get; }
    /// <summary>The TimeLimit of the registered id.</summary>
    public abstract int MaxEpisodeSteps { get; }
    /// <summary>Gymnasium's reward_threshold for "solved", if the id has one.</summary>
    public virtual double? RewardThreshold => null;
    /// <summary>
    /// A behaviour characterisation of this environment's own, for novelty search (domain knowledge,
    /// e.g. MountainCar's highest position reached), or null: learners then use the domain-free
    /// <see cref="BehaviorCharacterization.FinalObservation"/>.
    /// </summary>
    public virtual BehaviorCharacterization? Behavior => null;
    /// <summary>Observation length.</summary>
    public int ObservationSize => ObservationSpace.Dim;
    /// <summary>Steps taken in the current episode.</summary>
    public int ElapsedSteps { get; private set; }

    /// <summary>
    /// The episode generator, for environments with random dynamics (Gymnasium's np_random): draw from
    /// it in Step as in ResetCore, and seeded runs stay reproducible.
    /// </summary>
    protected ref Pcg64 Random => ref _rng;

    /// <summary>The environment's generator (for checkpoints).</summary>
    public Pcg64 Generator { get => _rng; set { _rng = value; _seeded = true; } }

    /// <summary>
    /// Starts an episode. With a seed (0 … 2^64−1) the generator is rebuilt exactly as Gymnasium's
    /// <c>reset(seed=s)</c> does; without one it continues (a never-seeded env starts from seed 0).
    /// </summary>
    public void Reset(Span<float> observation, ulong? seed = null)
    {
        ThrowHelper.RequireLength(observation.Length, ObservationSize, nameof(observation));
        if (seed is ulong s) { _rng = new Pcg64(s); _seeded = true; }
        else if (!_seeded) { _rng = new Pcg64(0); _seeded = true; }
        ResetCore(ref _rng, observation);
        _maxSteps = MaxEpisodeSteps;
        ElapsedSteps = 0;
        _needsReset = false;
    }

    /// <summary>Steps a Discrete-action environment.</summary>
    public StepResult Step(int action, Span<float> observation)
    {
        if (_discreteN < 0) _discreteN = ActionSpace is DiscreteSpace ds ? ds.N : 0;
        if ((uint)action >= (uint)_discreteN)
        {
            if (_discreteN == 0) throw new InvalidOperationException($"{Id} has a Box action space {ActionSpace}; pass a float action vector.");
            throw new ArgumentOutOfRangeException(nameof(action), action, $"Action {action} is outside {Id}'s action space Discrete({_discreteN}): allowed 0 … {_discreteN - 1}.");
        }
        BeginStep(observation);
        return EndStep(StepDiscrete(action, observation));
    }

    /// <summary>Steps a Box-action environment; out-of-bound actions are clipped as Gymnasium's env clips them.</summary>
    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (ActionSpace is not BoxSpace b)
        {
            if (action.Length == 1 && ActionSpace is DiscreteSpace && action[0] == MathF.Round(action[0])) return Step((int)action[0], observation);
            throw new InvalidOperationException($"{Id} has a {ActionSpace} action space; pass an integer action.");
        }
        if (action.Length != b.Dim) throw new ArgumentException($"{Id} expects an action of length {b.Dim}, got {action.Length}.", nameof(action));
        for (int i = 0; i < action.Length; i++)
            if (float.IsNaN(action[i])) throw new ArgumentException($"Action component {i} is NaN; {Id} needs finite or infinite numbers (they are clipped to {b}).", nameof(action));
        BeginStep(observation);
        return EndStep(StepContinuous(action, observation));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    void BeginStep(Span<float> observation)
    {
        if (_needsReset)
            throw new InvalidOperationException($"{Id}: the episode has ended (or never started); call Reset before Step.");
        ThrowHelper.RequireLength(observation.Length, ObservationSize, nameof(observation));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    StepResult EndStep(StepResult r)
    {
        ElapsedSteps++;
        // TimeLimit: truncated once the step count reaches the limit, even on a terminal step.
        if (ElapsedSteps >= _maxSteps) r = r with { Truncated = true };
        if (r.Done) _needsReset = true;
        return r;
    }

    /// <summary>
    /// True when <see cref="SyncState"/> is implemented, so a run on this environment can be
    /// checkpointed and resumed bit-identically. Without it, saving a checkpoint of a run that steps
    /// this environment is refused with a message (nothing else changes).
    /// </summary>
    public virtual bool SupportsCheckpoints => false;

    /// <summary>
    /// Saves or restores (in place) everything <see cref="StepDiscrete"/>/<see cref="StepContinuous"/>
    /// read besides the generator and the step counter, which the library saves itself: usually the
    /// physical state. Visit the same fields in the same order when saving and loading.
    /// </summary>
    public virtual void SyncState(StateArchive archive) => throw NoStateHook();

    NotSupportedException NoStateHook() =>
        new($"{Id} does not implement Env.SyncState, so a run on it cannot be checkpointed and resumed bit-identically. Override SupportsCheckpoints (true) and SyncState to save its state (docs/embedding.md, \"Checkpoint and resume\").");

    /// <summary>Saves or restores the whole environment: generator, episode position and <see cref="SyncState"/>.</summary>
    internal void SyncAll(StateArchive archive)
    {
        if (!SupportsCheckpoints) throw NoStateHook();
        archive.Section("env " + Id);
        archive.Sync(ref _rng); archive.Sync(ref _seeded); archive.Sync(ref _needsReset);
        int elapsed = ElapsedSteps;
        archive.Sync(ref elapsed);
        ElapsedSteps = elapsed;
        _maxSteps = MaxEpisodeSteps;
        SyncState(archive);
    }

    /// <summary>Helper for <see cref="SyncState"/>: a state struct made only of doubles, saved as one array.</summary>
    protected static void SyncDoubles<T>(StateArchive archive, ref T state) where T : unmanaged =>
        archive.Sync(MemoryMarshal.Cast<T, double>(MemoryMarshal.CreateSpan(ref state, 1)));

    /// <summary>Draws the initial state from <paramref name="rng"/> and writes the first observation.</summary>
    protected abstract void ResetCore(ref Pcg64 rng, Span<float> observation);
    /// <summary>Physics for a Discrete action (already validated).</summary>
    protected virtual StepResult StepDiscrete(int action, Span<float> observation) => throw new NotSupportedException();
    /// <summary>Physics for a Box action (length and NaN already validated).</summary>
    protected virtual StepResult StepContinuous(ReadOnlySpan<float> action, Span<float> observation) => throw new NotSupportedException();
}
