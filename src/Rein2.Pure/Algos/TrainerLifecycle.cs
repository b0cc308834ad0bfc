// What state a training run is in, and the rule that a run which failed stays failed: an exception
// out of Learn (an environment fault, a divergence, anything) can leave a rollout half-collected or
// an environment mid-step, so the trainer refuses to learn on or to be checkpointed from there, and
// says to restore the last good checkpoint into a fresh trainer instead.
namespace Rein2.Pure.Algos;

/// <summary>Where a trainer is in its run.</summary>
public enum TrainerStatus
{
    /// <summary>Built (or restored), Learn not called yet.</summary>
    Created,
    /// <summary>Inside Learn.</summary>
    Running,
    /// <summary>Learn returned before the budget was spent (cancelled or paused at a step); Learn continues it.</summary>
    Paused,
    /// <summary>The budget is spent.</summary>
    Finished,
    /// <summary>Learn threw (see <see cref="ITrainer.Fault"/>); the trainer refuses Learn and checkpointing.</summary>
    Faulted,
}

/// <summary>Thrown when a faulted trainer is asked to learn or to be checkpointed.</summary>
public sealed class TrainerFaultedException(string message, Exception fault) : InvalidOperationException(message, fault);

/// <summary>The status and fault of one trainer, and the guard every trainer's Learn and Sync go through.</summary>
internal sealed class TrainerLifecycle
{
    public TrainerStatus Status { get; private set; } = TrainerStatus.Created;
    public Exception? Fault { get; private set; }

    /// <summary>Runs one Learn call: refused when faulted; a throw marks the trainer faulted.</summary>
    public bool Learn(ITrainer trainer, Func<bool> learn)
    {
        Refuse(trainer, "continue training");
        Status = TrainerStatus.Running;
        try
        {
            bool done = learn();
            Status = done ? TrainerStatus.Finished : TrainerStatus.Paused;
            return done;
        }
        catch (Exception e)
        {
            Status = TrainerStatus.Faulted;
            Fault = e;
            throw;
        }
    }

    /// <summary>Saving a faulted trainer is refused; restoring a checkpoint into one is too (build a fresh trainer).</summary>
    public void BeforeSync(ITrainer trainer, Checkpoints.StateArchive archive)
    {
        Refuse(trainer, archive.IsLoading ? "restore a checkpoint into it" : "checkpoint it");
        if (archive.IsLoading) Status = TrainerStatus.Created;
    }

    /// <summary>After a restore: finished if the budget is spent, else ready to continue.</summary>
    public void AfterRestore(bool done) => Status = done ? TrainerStatus.Finished : TrainerStatus.Paused;

    void Refuse(ITrainer trainer, string what)
    {
        if (Status != TrainerStatus.Faulted) return;
        throw new TrainerFaultedException(
            $"Cannot {what}: this {trainer.EnvId} trainer faulted at {trainer.Steps} {trainer.StepUnit} ({Fault!.GetType().Name}: {Fault.Message}). " +
            "Its state is no longer sound: build a new trainer with the same settings and restore the last checkpoint into it (CheckpointFile.Restore), or start again.", Fault);
    }
}
