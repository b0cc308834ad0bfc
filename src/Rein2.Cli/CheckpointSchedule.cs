// When a training command writes its checkpoint (DIR/checkpoint.bin): every --checkpoint-minutes of
// wall time (default 5: a safety net that costs nothing on a short run), every --checkpoint-every
// steps if asked, when an interrupt (Ctrl-C, SIGTERM) arrives — then the command exits with code 130 —
// and at the end of the run, so that `--resume DIR --steps N` can extend a finished run. A checkpoint
// only reads the state, so when it is written never changes the run: resume is bit-identical either way.
using System.Diagnostics;
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;

namespace Rein2.Cli;

public sealed class CheckpointSchedule
{
    readonly long _every;
    readonly TimeSpan _interval;
    readonly Stopwatch _sinceSave = Stopwatch.StartNew();
    readonly CancellationToken _interrupt;
    long _next;

    /// <summary>The default wall-time interval between periodic checkpoints, in minutes.</summary>
    public const double DefaultMinutes = 5;

    /// <summary>True once a training loop watches for interrupts (so Ctrl-C should checkpoint, not kill).</summary>
    public static volatile bool Listening;

    /// <param name="every">Steps between checkpoints (0: not by steps).</param>
    /// <param name="interval">Wall time between checkpoints (zero: not by the clock).</param>
    public CheckpointSchedule(string dir, long every, TimeSpan interval, CancellationToken interrupt, long stepsDone)
    {
        Listening = true;
        Path = System.IO.Path.Combine(dir, FileName);
        _every = every; _interval = interval > TimeSpan.Zero ? interval : TimeSpan.MaxValue; _interrupt = interrupt;
        _next = every > 0 ? (stepsDone / every + 1) * every : long.MaxValue;
    }

    public const string FileName = "checkpoint.bin";

    /// <summary>
    /// Opens DIR/checkpoint.bin for `COMMAND --resume DIR`: the run's settings come from the file, so
    /// any flag that would change them (or a --set) is a usage error.
    /// </summary>
    public static OpenCheckpoint OpenForResume(string command, string dir, ArgParser p, IReadOnlyList<string> settingFlags, int setCount)
    {
        if (settingFlags.FirstOrDefault(p.Has) is string f || (setCount > 0 && (f = "--set") != null))
            throw new UsageException($"--resume takes the run's settings from {dir}; {f} cannot change them (only --steps, --checkpoint-minutes and --checkpoint-every may be given).");
        return CheckpointFile.Open(System.IO.Path.Combine(dir, FileName), command);
    }
    public string Path { get; }
    public bool Interrupted => _interrupt.IsCancellationRequested;

    /// <summary>True when a checkpoint is due after <paramref name="stepsDone"/> steps (or an interrupt arrived).</summary>
    public bool Due(long stepsDone) => Interrupted || stepsDone >= _next || _sinceSave.Elapsed >= _interval;

    /// <summary>Writes the checkpoint and schedules the next one.</summary>
    public void Save(long stepsDone, string command, IEnumerable<KeyValuePair<string, string>> settings, Action<StateArchive> state)
    {
        CheckpointFile.Save(Path, command, settings, state);
        while (_next <= stepsDone) _next += _every;
        _sinceSave.Restart();
    }

    /// <summary>
    /// The training loop of `train` and `baseline`: <paramref name="trainer"/> learns until it is done,
    /// pausing when a step-based checkpoint is due or an interrupt arrives (both checked after each
    /// step) or a time-based one is due (checked after each iteration); due checkpoints are written with <paramref name="checkpoint"/>, and so is the
    /// final state. Returns false when an interrupt stopped the run (the checkpoint is written and the
    /// --resume command printed). A divergence or a failing environment keeps the last good checkpoint
    /// and says so.
    /// </summary>
    public bool Drive(ITrainer trainer, Action<TrainingProgress> afterIteration, Action checkpoint, string command, string dir, Progress bar, TextWriter stderr)
    {
        try
        {
            while (!trainer.Done)
            {
                using var pause = CancellationTokenSource.CreateLinkedTokenSource(_interrupt);
                trainer.Learn(new SyncProgress<TrainingProgress>(p =>
                {
                    afterIteration(p);
                    if (Due(p.Steps)) pause.Cancel();
                }), pause.Token, pauseAtStep: _next);
                if (trainer.Done || !Due(trainer.Steps)) continue;
                checkpoint();
                if (!Interrupted) continue;
                bar.Finish();
                stderr.WriteLine($"rein2: interrupted after {trainer.Steps} {trainer.StepUnit}; checkpoint written to {Path}. Continue with: rein2 {command} --resume {dir}");
                return false;
            }
        }
        catch (Exception e) when (e is TrainingDivergedException or EnvironmentException)
        {
            string kept = File.Exists(Path) ? $"The last good checkpoint is kept at {Path}." : "No checkpoint had been written yet.";
            if (e is EnvironmentException) throw new EnvironmentException($"{e.Message} {kept}", e.InnerException);
            throw new TrainingDivergedException($"{e.Message} {kept}");
        }
        checkpoint(); // the finished state: `--resume DIR --steps N` extends the run
        return true;
    }

    /// <summary>The flags that set the schedule.</summary>
    public static readonly string[] Flags = ["--checkpoint-every", "--checkpoint-minutes"];

    /// <summary>
    /// The schedule --checkpoint-every N (steps; default 0: not by steps) and --checkpoint-minutes M
    /// (default 5; 0: not by the clock) ask for; with both 0, only on interrupt and at the end.
    /// </summary>
    public static CheckpointSchedule FromFlags(ArgParser p, string dir, CancellationToken interrupt, long stepsDone)
    {
        long every = (long)Math.Min(p.GetUInt64("--checkpoint-every", 0), long.MaxValue);
        double minutes = DefaultMinutes;
        if (p.Get("--checkpoint-minutes") is string m &&
            (!double.TryParse(m, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out minutes) || !(minutes >= 0 && minutes <= 1e6)))
            throw new UsageException($"--checkpoint-minutes must be a number of minutes from 0 to 1000000 (0: not by the clock), got '{m}'.");
        return new CheckpointSchedule(dir, every, TimeSpan.FromMinutes(minutes), interrupt, stepsDone);
    }
}
