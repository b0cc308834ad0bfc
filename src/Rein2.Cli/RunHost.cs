// What `train` and `baseline` share around the library's TrainingRun: the run-directory flags
// (--out, --resume, --overwrite, --checkpoint-every, --checkpoint-minutes, --allow-other-numeric-path),
// the progress bar, and the Ctrl-C message. Everything that makes a run — checkpoints, logs, the
// lock, the summary and the agent — is the library's; this file only turns flags into its options.
using Rein2.Pure.Algos;
using Rein2.Pure.Io;

namespace Rein2.Cli;

public static class RunHost
{
    /// <summary>True once a training run watches for interrupts (so Ctrl-C should checkpoint, not kill).</summary>
    public static volatile bool Listening;

    /// <summary>A flag that would change a resumed run's settings is a usage error (they come from its checkpoint).</summary>
    public static void RefuseSettingFlags(string dir, ParsedArgs p, IReadOnlyList<string> settingFlags)
    {
        if (settingFlags.FirstOrDefault(p.Has) is string f)
            throw new UsageException($"--resume takes the run's settings from {dir}; {f} cannot change them (only --steps, --checkpoint-minutes, --checkpoint-every and --allow-other-numeric-path may be given).");
    }

    /// <summary>
    /// The checkpoint policy the flags ask for: --checkpoint-every N (steps; 0: not by steps) and
    /// --checkpoint-minutes M (0: not by the clock); null when neither is given (a new run: every 5
    /// minutes; a resumed run: the policy stored in it).
    /// </summary>
    public static CheckpointPolicy? Policy(ParsedArgs p, CheckpointPolicy? stored = null)
    {
        if (!p.Has("--checkpoint-every") && !p.Has("--checkpoint-minutes")) return null;
        var policy = stored ?? new CheckpointPolicy();
        if (p.Has("--checkpoint-every")) policy = policy with { EverySteps = p.Long("--checkpoint-every") };
        if (p.Has("--checkpoint-minutes")) policy = policy with { EveryMinutes = p.Double("--checkpoint-minutes") };
        return policy;
    }

    /// <summary>Locks a new run directory (refused if it holds a run, unless --overwrite).</summary>
    public static RunDirectory CreateNew(string dir, ParsedArgs p) => Guard(() => { OutputDirectory.RefuseDanglingLink(dir); return RunDirectory.CreateNew(dir, p.Has("--overwrite")); }, e =>
        $"{dir} already holds a run ({string.Join(", ", e.RunFiles!)}). Continue it with: rein2 {MadeBy(dir, e.RunFiles!)} --resume {dir}; " +
        "or choose another --out; or add --overwrite to replace it (its run files are removed first).");

    // which command made the run in dir: REIN-2 runs keep best.agent and a meta_step log, baselines model.bin and monitor.csv
    static string MadeBy(string dir, IReadOnlyList<string> files)
    {
        if (files.Contains(RunDirectory.MonitorFileName) || files.Contains(RunDirectory.ModelFileName)) return "baseline";
        if (files.Contains(RunDirectory.BestAgentFileName)) return "train";
        try { return File.ReadLines(Path.Combine(dir, RunDirectory.ProgressFileName)).FirstOrDefault()?.StartsWith("meta_step") == true ? "train" : "baseline"; }
        catch (IOException) { return "train|baseline"; }
    }

    /// <summary>Locks a run directory to resume it.</summary>
    public static RunDirectory OpenForResume(string dir) => Guard(() => RunDirectory.OpenForResume(dir), e => e.Message);

    static RunDirectory Guard(Func<RunDirectory> open, Func<RunDirectoryException, string> holdsRun)
    {
        try { return open(); }
        catch (RunDirectoryException e) { throw new UsageException(e.RunFiles is null ? e.Message : holdsRun(e)); }
    }

    /// <summary>The value of a stored setting of a resumed run; a missing one names the checkpoint.</summary>
    public static string Get(IReadOnlyList<KeyValuePair<string, string>> settings, string key, RunDirectory dir) =>
        settings.FirstOrDefault(kv => kv.Key == key).Value ?? throw new InvalidDataException($"{dir.File(RunDirectory.CheckpointFileName)}: the checkpoint has no '{key}' setting.");

    /// <summary>
    /// Runs to the end, drawing progress with <paramref name="describe"/>; on Ctrl-C/SIGTERM the run
    /// checkpoints and this prints the command that continues. Returns false when interrupted.
    /// </summary>
    public static bool Drive(TrainingRun run, string command, Progress bar, Func<RunProgress, (string Detail, bool Force)> describe,
                             TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        Listening = true;
        if (run.Directory.TookOverStaleLockFrom is string was)
            stderr.WriteLine($"rein2: {run.Directory.Path} was locked by {was}, which is no longer running; the lock is taken over.");
        var outcome = run.Run(new SyncProgress<RunProgress>(p =>
        {
            var (detail, force) = describe(p);
            bar.Report(p.Training.Steps, detail, force || p.Training.Steps == p.Training.TotalSteps);
        }), interrupt);
        bar.Finish();
        if (outcome == RunOutcome.Finished) return true;
        stderr.WriteLine($"rein2: interrupted after {run.Trainer.Steps} {run.Trainer.StepUnit}; checkpoint written to {run.Directory.File(RunDirectory.CheckpointFileName)}. Continue with: rein2 {command} --resume {run.Directory.Path}");
        return false;
    }

    /// <summary>What to print when a run must be continued later.</summary>
    public static string ContinueHint(string command, string dir) => $"rein2 {command} --resume {dir}";

    /// <summary>The command that starts a run again over its own directory: the same command line, with --overwrite.</summary>
    public static string RestartHint(string[] args) => RunStamp.Command(args.Contains("--overwrite") ? args : [.. args, "--overwrite"]);
}
