// What a TrainingRun is told: when to checkpoint, how to evaluate, what to record. The checkpoint
// policy is stored in the run's checkpoint, so a resumed run keeps it unless the caller changes it.
using Rein2.Pure.Algos;

namespace Rein2.Pure.Io;

/// <summary>When a run writes its checkpoint: every N steps and/or every M minutes, and always at the end and on cancellation.</summary>
public sealed record CheckpointPolicy
{
    /// <summary>Steps (in the trainer's unit) between checkpoints; 0: not by steps.</summary>
    public long EverySteps { get; init; }
    /// <summary>Minutes of wall time between checkpoints (default 5: a safety net that costs nothing on a short run); 0: not by the clock.</summary>
    public double EveryMinutes { get; init; } = 5;

    /// <summary>Throws <see cref="InvalidSettingException"/> naming a value out of range.</summary>
    public void Validate()
    {
        if (EverySteps < 0) throw new InvalidSettingException($"checkpoint EverySteps {EverySteps} is negative; allowed: 0 (not by steps) or more.");
        if (!(EveryMinutes >= 0 && EveryMinutes <= 1e6)) throw new InvalidSettingException($"checkpoint EveryMinutes {EveryMinutes} is out of range; allowed: 0 (not by the clock) to 1000000.");
    }
}

/// <summary>How a <see cref="TrainingRun"/> checkpoints, evaluates and records.</summary>
public sealed record TrainingRunOptions
{
    /// <summary>When to checkpoint (a resumed run keeps the policy stored in its checkpoint unless this is given).</summary>
    public CheckpointPolicy? Checkpoints { get; init; }
    /// <summary>PPO/A2C/DQN: env steps between evaluations (SB3's EvalCallback eval_freq; a progress.csv row each); 0: a twentieth of the budget.</summary>
    public long EvaluateEvery { get; init; }
    /// <summary>PPO/A2C/DQN: deterministic episodes per evaluation (n_eval_episodes).</summary>
    public int EvaluationEpisodes { get; init; } = 10;
    /// <summary>PPO/A2C/DQN: fresh episodes the final agent is evaluated on (REIN-2 uses its own FinalEpisodes).</summary>
    public int FinalEvaluationEpisodes { get; init; } = 100;
    /// <summary>
    /// The settings the run was made from, as key → text, in the host's own words (the CLI records
    /// env, meta or algo, seed and every --set key): written to the checkpoint and summary.json, and
    /// given back by <see cref="TrainingRun.StoredSettings"/> so that a host can rebuild the trainer
    /// to resume. Optional: left empty, the trainer's own settings (seed and hyperparameters) are
    /// recorded and given back instead. A resume restores these (an app need not pass them again).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; init; } = [];
    /// <summary>How the run was started, for summary.json (the CLI records the command line).</summary>
    public string Command { get; init; } = "TrainingRun (library)";
    /// <summary>What to tell a user who wants to continue the run after an interruption or an I/O failure.</summary>
    public string? ContinueHint { get; init; }
    /// <summary>What to tell a user whose run failed to write before its first checkpoint, so there is nothing to resume (the CLI: the same command with --overwrite).</summary>
    public string? RestartHint { get; init; }
    /// <summary>
    /// Resume a checkpoint made on another numeric path (other vector width or FMA): refused unless
    /// true, because the run then continues with differently rounded sums and differs from one never
    /// interrupted (summary.json records it).
    /// </summary>
    public bool AllowOtherNumericPath { get; init; }

    internal void Validate()
    {
        Checkpoints?.Validate();
        if (EvaluateEvery < 0) throw new InvalidSettingException($"EvaluateEvery {EvaluateEvery} is negative; allowed: 0 (a twentieth of the budget) or more.");
        if (EvaluationEpisodes < 1) throw new InvalidSettingException($"EvaluationEpisodes {EvaluationEpisodes} is out of range; allowed: 1 or more.");
        if (FinalEvaluationEpisodes < 1) throw new InvalidSettingException($"FinalEvaluationEpisodes {FinalEvaluationEpisodes} is out of range; allowed: 1 or more.");
    }
}

/// <summary>How <see cref="TrainingRun.Run"/> ended.</summary>
public enum RunOutcome
{
    /// <summary>The budget is spent; summary.json and the agent are written.</summary>
    Finished,
    /// <summary>Cancelled: a checkpoint is written; resume the run to continue.</summary>
    Interrupted,
}

/// <summary>What a run reports after each iteration.</summary>
/// <param name="Training">The trainer's progress.</param>
/// <param name="WallSeconds">Wall time of the run so far (across resumes).</param>
/// <param name="Evaluation">PPO/A2C/DQN: the evaluation that just ran (null when none ran after this iteration).</param>
public readonly record struct RunProgress(TrainingProgress Training, double WallSeconds, EvalResult? Evaluation);
