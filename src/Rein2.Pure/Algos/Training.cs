// The one contract every trainer keeps (PPO, A2C, DQN, REIN-2), so an app, the CLI and the samples
// drive them alike: Learn with progress and cancellation, Sync for checkpoints (Io.CheckpointFile
// saves and restores it), and the agent it has produced so far.
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Envs;

namespace Rein2.Pure.Algos;

/// <summary>
/// What a trainer reports after each iteration (PPO/A2C: rollout and update; DQN: train_freq steps
/// and their gradient steps; REIN-2: one meta step).
/// </summary>
/// <param name="Steps">Steps taken, in the trainer's unit (<see cref="ITrainer.StepUnit"/>).</param>
/// <param name="TotalSteps">The budget in the same unit.</param>
/// <param name="EnvSteps">Environment steps taken (REIN-2: inner environment steps, every evaluation episode counted).</param>
/// <param name="Episodes">Episodes finished (REIN-2: produced agents evaluated).</param>
/// <param name="MeanReturn">Mean return of the last 100 episodes, SB3's ep_rew_mean (REIN-2: the last produced agent's mean return); NaN before any.</param>
/// <param name="BestReturn">REIN-2: the best produced agent's mean return so far; NaN for the other trainers.</param>
public readonly record struct TrainingProgress(long Steps, long TotalSteps, long EnvSteps, int Episodes, double MeanReturn, double BestReturn)
{
    /// <summary>The progress of a trainer counted in env steps, with its episode monitor's figures.</summary>
    internal static TrainingProgress OfEnvSteps(long steps, long total, EpisodeMonitor monitor) =>
        new(steps, total, steps, monitor.Finished.Count, monitor.MeanReturn, double.NaN);
}

/// <summary>A policy that acts: the agent a trainer produces, or one loaded from a file (Io.AgentFiles).</summary>
public interface IAgent
{
    /// <summary>The id of the environment it acts in.</summary>
    string EnvId { get; }
    /// <summary>Observation length it reads.</summary>
    int ObservationSize { get; }
    /// <summary>The action space it writes.</summary>
    Space ActionSpace { get; }
    /// <summary>
    /// The deterministic action for one observation, allocation-free: Discrete writes the action index
    /// into action[0]; Box writes the action vector, inside the box.
    /// </summary>
    void Act(ReadOnlySpan<float> observation, Span<float> action);
}

/// <summary>A training run: learn, report, stop on request, checkpoint, and give its agent.</summary>
public interface ITrainer
{
    /// <summary>The environment's id.</summary>
    string EnvId { get; }
    /// <summary>What <see cref="Steps"/> counts: "env steps" or "meta steps".</summary>
    string StepUnit { get; }
    /// <summary>Steps taken so far.</summary>
    long Steps { get; }
    /// <summary>The step budget.</summary>
    long TotalSteps { get; }
    /// <summary>True once the budget is spent.</summary>
    bool Done { get; }

    /// <summary>
    /// Trains until <see cref="Done"/> (returns true), or pauses (returns false) once
    /// <paramref name="cancellationToken"/> is cancelled or <see cref="Steps"/> reaches
    /// <paramref name="pauseAtStep"/>, both checked after every step: the state is then consistent,
    /// can be checkpointed, and a later Learn continues bit-identically. <paramref name="progress"/>
    /// is called synchronously on the training thread after each iteration.
    /// </summary>
    bool Learn(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, long pauseAtStep = long.MaxValue);

    /// <summary>Saves or restores (in place) everything the run depends on; Io.CheckpointFile writes it to a file.</summary>
    void Sync(StateArchive archive);

    /// <summary>The agent as trained so far (REIN-2: a standalone copy of the best produced agent).</summary>
    IAgent Agent { get; }
}

/// <summary>A Q-network acting greedily in one environment (DQN's agent and REIN-2's produced agents).</summary>
public sealed class QAgent : IAgent
{
    /// <summary>Wraps <paramref name="q"/> for <paramref name="envId"/>.</summary>
    public QAgent(string envId, QNetwork q) { EnvId = envId; Q = q; ActionSpace = new DiscreteSpace(q.ActionCount); }

    /// <summary>The network (shared, not copied).</summary>
    public QNetwork Q { get; }
    /// <inheritdoc/>
    public string EnvId { get; }
    /// <inheritdoc/>
    public int ObservationSize => Q.ObsDim;
    /// <inheritdoc/>
    public Space ActionSpace { get; }
    /// <inheritdoc/>
    public void Act(ReadOnlySpan<float> observation, Span<float> action) => action[0] = Q.Act(observation);
}

/// <summary>
/// An <see cref="IProgress{T}"/> that calls <paramref name="report"/> at once on the reporting thread
/// (System.Progress posts to a synchronisation context or the thread pool instead, so its reports
/// arrive late and out of order in a console app).
/// </summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc/>
    public void Report(T value) => report(value);
}
