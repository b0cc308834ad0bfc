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
/// <param name="MeanLength">Mean length of the last 100 episodes, SB3's ep_len_mean (REIN-2: NaN); NaN before any.</param>
/// <param name="ExplorationRate">DQN: the current ε of ε-greedy exploration (SB3's rollout/exploration_rate); NaN for the others.</param>
public readonly record struct TrainingProgress(long Steps, long TotalSteps, long EnvSteps, long Episodes, double MeanReturn, double BestReturn,
                                               double MeanLength = double.NaN, double ExplorationRate = double.NaN)
{
    /// <summary>The progress of a trainer counted in env steps, with its episode monitor's figures.</summary>
    internal static TrainingProgress OfEnvSteps(long steps, long total, EpisodeMonitor monitor, double explorationRate = double.NaN) =>
        new(steps, total, steps, monitor.Count, monitor.MeanReturn, double.NaN, monitor.MeanLength, explorationRate);
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

/// <summary>
/// A training run: learn, report, stop on request, checkpoint, and give its agent. Every trainer
/// (PPO, A2C, DQN, REIN-2) keeps this one contract, so a host — the CLI, a sample, your app, the
/// library's <c>TrainingRun</c> — drives them alike without knowing which it has.
/// </summary>
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
    /// <summary>Environment steps taken (REIN-2: inner environment steps, every evaluation episode counted).</summary>
    long EnvSteps { get; }
    /// <summary>The progress as reported after the last iteration: steps, episodes, mean return and length (the last 100), ε.</summary>
    TrainingProgress Progress { get; }
    /// <summary>Where the run is: created, running, paused, finished or faulted.</summary>
    TrainerStatus Status { get; }
    /// <summary>What made the run fault (null unless <see cref="Status"/> is Faulted).</summary>
    Exception? Fault { get; }

    /// <summary>
    /// Trains until <see cref="Done"/> (returns true), or pauses (returns false) once
    /// <paramref name="cancellationToken"/> is cancelled or <see cref="Steps"/> reaches
    /// <paramref name="pauseAtStep"/>, both checked after every step: the state is then consistent,
    /// can be checkpointed, and a later Learn continues bit-identically. <paramref name="progress"/>
    /// is called synchronously on the training thread after each iteration. An exception out of Learn
    /// (an environment fault, a divergence) leaves the trainer Faulted: it then refuses Learn and
    /// checkpointing with a <see cref="TrainerFaultedException"/> naming the fault.
    /// </summary>
    bool Learn(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, long pauseAtStep = long.MaxValue);

    /// <summary>Saves or restores (in place) everything the run depends on; Io.CheckpointFile writes it to a file. Refused when faulted.</summary>
    void Sync(StateArchive archive);

    /// <summary>The agent as trained so far: always an independent snapshot, safe to share between threads (REIN-2: the best produced agent).</summary>
    IAgent Agent { get; }
}

/// <summary>What the library's run host (Io.TrainingRun) needs of a trainer beyond <see cref="ITrainer"/>; every built-in trainer has it.</summary>
internal interface IHostedTrainer
{
    /// <summary>The environment the trainer was built for (null when built on a bare VecEnv).</summary>
    EnvSpec? Env { get; }
    /// <summary>The run seed.</summary>
    ulong Seed { get; }
    /// <summary>The training episodes (null for REIN-2, whose episodes are evaluations).</summary>
    EpisodeMonitor? Monitor { get; }
    /// <summary>What the trainer was built with, as setting key → text: the seed and every hyperparameter (what a checkpoint must be restored into).</summary>
    IEnumerable<KeyValuePair<string, string>> Settings { get; }
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
