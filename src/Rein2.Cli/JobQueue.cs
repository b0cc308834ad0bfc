// The independent jobs of a grid (`reproduce table1|meta`), run --threads at a time (one per core),
// longest first; with --shard only this shard's jobs (Shard.cs). Each job is deterministic on its
// own, so the order, the interleaving, the thread count and the number of processes change only the
// wall time. A job's one-line report is printed whole, under a lock. On an interrupt no new job
// starts; a running job sees the same token, checkpoints and returns Interrupted.
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Rein2.Cli;

public static class JobQueue
{
    /// <summary>How this process takes part in a grid: its shard (null: all jobs), or only assembling what is done.</summary>
    public readonly record struct Part(Shard? Shard, bool AssembleOnly);

    /// <summary>
    /// Everything a grid command checks before it touches DIR, then DIR made ready: --shard and
    /// --assemble read (a bad value is refused before any directory is made), another kind of run in
    /// DIR refused, DIR created and proven writable.
    /// </summary>
    public static Part Open(ParsedArgs p, string outDir, string command, IEnumerable<string> otherKinds)
    {
        var shard = Shard.FromFlags(p, Environment.GetEnvironmentVariable);
        bool assemble = p.Has("--assemble");
        if (assemble && shard != null) throw new UsageException("--assemble goes without --shard: it assembles the results of every shard once all are done.");
        if (assemble && !File.Exists(Path.Combine(outDir, "jobs.txt")))
            throw new UsageException($"--assemble: {outDir} holds no grid yet (no jobs.txt); run the shards first, or run the command without --assemble.");
        OutputDirectory.RefuseOtherRuns(outDir, command, otherKinds);
        OutputDirectory.Prepare(outDir);
        return new Part(shard, assemble);
    }

    /// <summary>
    /// A grid command's run: the job list written (DIR/jobs.txt, for `sweep status`), this process's
    /// share of the jobs run (--threads at once, --shard's part), and the outcome concluded
    /// (<see cref="Conclude"/>): null exit code when every job is done and the results can be assembled.
    /// </summary>
    public static (int? ExitCode, TimeSpan Wall) RunGrid(Part part, ParsedArgs p, string outDir, JobStore store, string[] names, double[] costs,
        Func<int, CancellationToken, (JobOutcome Outcome, string? Line)> run, string[] args, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        if (!part.AssembleOnly) JobList.Write(outDir, names);
        RunHost.Listening = true;
        // assembling runs nothing: only the finished jobs are read back, the others are named
        Func<int, bool> take = part.AssembleOnly ? i => store.IsFinished(names[i]) : _ => true;
        var grid = Run(costs, part.Shard, run, stdout, interrupt, (int)p.Long("--threads"), take);
        return (Conclude(grid, part.Shard, names, store, args, stdout, stderr), grid.Wall);
    }

    /// <summary>
    /// Runs <paramref name="run"/> for this shard's jobs (all without a shard) on
    /// <paramref name="workers"/> threads; <paramref name="run"/> returns the job's outcome and its
    /// report line, printed with the elapsed time. Returns the wall time, every job's outcome (null:
    /// not this shard's, or not started because of an interrupt) and whether an interrupt stopped
    /// the run before all of this shard's jobs were through.
    /// </summary>
    public static (TimeSpan Wall, JobOutcome?[] Outcomes, bool Stopped) Run(IReadOnlyList<double> costs, Shard? shard, Func<int, CancellationToken, (JobOutcome Outcome, string? Line)> run,
                                                              TextWriter stdout, CancellationToken interrupt, int workers, Func<int, bool>? take = null)
    {
        // a job's claim is a file lock; .NET can be told to take none, and then two processes could run one job
        if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true" ||
            (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out bool off) && off))
            throw new UsageException("DOTNET_SYSTEM_IO_DISABLEFILELOCKING is set: a grid claims each job with a file lock, so that two processes never run one job; unset it.");
        var order = (shard is { } s ? s.Select(costs) : Shard.LongestFirst(costs)).Where(take ?? (_ => true)).ToArray();
        var queue = new ConcurrentQueue<int>(order);
        var outcomes = new JobOutcome?[costs.Count];
        var sw = Stopwatch.StartNew();
        object gate = new();
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? fatal = null;
        var threads = Enumerable.Range(0, workers).Select(_ => new Thread(() =>
        {
            while (!interrupt.IsCancellationRequested && queue.TryDequeue(out int i))
            {
                JobOutcome outcome; string? line;
                // nothing a job throws may end a worker thread (that kills the process, and every other
                // running job with it, unrecorded): the job fails; an output that cannot be written
                // (disk full) is rethrown on the calling thread once the others have stopped
                try { (outcome, line) = run(i, interrupt); }
                catch (Exception e)
                {
                    if (e is OutputUnwritableException or OutOfMemoryException) lock (gate) fatal ??= System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
                    (outcome, line) = (JobOutcome.Failed, $"job {i + 1} failed: {CommandLine.Printable(e.Message)}");
                }
                lock (gate)
                {
                    outcomes[i] = outcome;
                    if (line != null) stdout.WriteLine($"[{sw.Elapsed.TotalSeconds,7:F1} s] {line}");
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        fatal?.Throw();
        return (sw.Elapsed, outcomes, outcomes.Contains(JobOutcome.Interrupted) || order.Any(i => outcomes[i] is null));
    }

    /// <summary>
    /// After <see cref="Run"/>: null when every job of the grid is done (assemble the results now);
    /// else, having printed what is not done by name — or for a shard what it did — the exit code:
    /// 130 when interrupted (the same command continues; the deployment files requeue on it), 1 when
    /// a job failed or is still running elsewhere, 0 for a shard that did its part.
    /// </summary>
    static int? Conclude((TimeSpan Wall, JobOutcome?[] Outcomes, bool Stopped) run, Shard? shard, IReadOnlyList<string> names, JobStore store, string[] args, TextWriter stdout, TextWriter stderr)
    {
        var (_, outcomes, interrupted) = run;
        if (shard is { } s)
        {
            int mine = outcomes.Count(o => o != null);
            string Count(JobOutcome k) => outcomes.Count(o => o == k).ToString(System.Globalization.CultureInfo.InvariantCulture);
            stdout.WriteLine($"shard {s}: {mine} jobs seen: {Count(JobOutcome.Finished)} run here, {Count(JobOutcome.Kept)} already done, " +
                             $"{Count(JobOutcome.Elsewhere)} running in another process, {Count(JobOutcome.Failed)} failed, {Count(JobOutcome.Interrupted)} checkpointed.");
            foreach (int i in Enumerable.Range(0, names.Count).Where(i => outcomes[i] is JobOutcome.Failed))
                stderr.WriteLine($"rein2: {names[i]} failed: {store.Status(names[i]).Detail}");
            if (interrupted) return Interrupted(stderr, store, names, args);
            if (outcomes.Any(o => o == JobOutcome.Failed)) return CommandLine.RuntimeFailure;
            stdout.WriteLine($"When every shard has finished, assemble the results with the same command without --shard.");
            return CommandLine.Ok;
        }
        if (interrupted) return Interrupted(stderr, store, names, args);
        var open = Enumerable.Range(0, names.Count).Where(i => outcomes[i] is not (JobOutcome.Finished or JobOutcome.Kept)).ToList();
        if (open.Count == 0) return null;
        stderr.WriteLine($"rein2: {open.Count} of {names.Count} jobs are not done, so nothing was assembled:");
        foreach (int i in open)
        {
            var (state, detail) = store.Status(names[i]);
            stderr.WriteLine($"  {names[i]}: {state}{(detail.Length > 0 ? $" ({detail})" : "")}");
        }
        stderr.WriteLine($"rein2: run the same command again once they are done (failed jobs are tried again): {RunStamp.Command(args)}");
        return CommandLine.RuntimeFailure;
    }

    /// <summary>What a grid prints when interrupted, and its exit code (130).</summary>
    static int Interrupted(TextWriter stderr, JobStore store, IReadOnlyCollection<string> jobs, string[] args)
    {
        stderr.WriteLine($"rein2: interrupted: {jobs.Count(store.IsFinished)} of {jobs.Count} jobs finished (kept in {store.Dir}, running ones checkpointed there). " +
                         $"Continue with the same command: {RunStamp.Command(args)}");
        return CommandLine.Interrupted;
    }

    /// <summary>The report line of a job that did not produce a result here (null when there is nothing to say).</summary>
    public static string? Line(string name, JobOutcome outcome, string? error) => outcome switch
    {
        JobOutcome.Elsewhere => $"{name}: running in another process, left to it",
        JobOutcome.Failed => $"{name}: failed: {CommandLine.Printable(error ?? "")}",
        _ => null,
    };
}
