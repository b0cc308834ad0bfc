// When a training command writes its checkpoint (DIR/checkpoint.bin): every --checkpoint-every steps,
// when an interrupt (Ctrl-C, SIGTERM) arrives — then the command exits with code 130 — and at the end
// of the run, so that `--resume DIR --steps N` can extend a finished run.
using Rein2.Pure.Io;

namespace Rein2.Cli;

public sealed class CheckpointSchedule
{
    readonly long _every;
    readonly CancellationToken _interrupt;
    long _next;

    public CheckpointSchedule(string dir, long every, CancellationToken interrupt, long stepsDone)
    {
        Path = System.IO.Path.Combine(dir, FileName);
        _every = every; _interrupt = interrupt;
        _next = every > 0 ? (stepsDone / every + 1) * every : long.MaxValue;
    }

    public const string FileName = "checkpoint.bin";
    public string Path { get; }
    public bool Interrupted => _interrupt.IsCancellationRequested;

    /// <summary>True when a checkpoint is due after <paramref name="stepsDone"/> steps (or an interrupt arrived).</summary>
    public bool Due(long stepsDone) => Interrupted || stepsDone >= _next;

    /// <summary>Writes the checkpoint and schedules the next one.</summary>
    public void Save(long stepsDone, string command, IEnumerable<KeyValuePair<string, string>> settings, Action<StateArchive> state)
    {
        CheckpointFile.Save(Path, command, settings, state);
        while (_next <= stepsDone) _next += _every;
    }

    /// <summary>The message of an interrupted run.</summary>
    public string InterruptedMessage(string what, long stepsDone, string dir) =>
        $"interrupted after {stepsDone} {what}; checkpoint written to {Path}. Continue with: rein2 {(what == "meta steps" ? "train" : "baseline")} --resume {dir}";

    /// <summary>Reads --checkpoint-every (default <paramref name="fallback"/>; 0: only on interrupt and at the end).</summary>
    public static long Every(ArgParser p, long fallback) => (long)Math.Min(p.GetUInt64("--checkpoint-every", (ulong)fallback), long.MaxValue);
}
