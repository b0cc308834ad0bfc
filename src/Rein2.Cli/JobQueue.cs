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
    /// <summary>
    /// A grid command's run: the job list written (DIR/jobs.txt, for `sweep status`), this process's
    /// share of the jobs run (--threads at once, --shard's part), and the outcome concluded
    /// (<see cref="Conclude"/>): null exit code when every job is done and the results can be assembled.
    /// </summary>
    public static (int? ExitCode, TimeSpan Wall) RunGrid(ParsedArgs p, string outDir, JobStore store, string[] names, double[] costs,
        Func<int, CancellationToken, (JobOutcome Outcome, string? Line)> run, string[] args, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        var shard = Shard.FromFlags(p, Environment.GetEnvironmentVariable);
        JobList.Write(outDir, names);
        RunHost.Listening = true;
        var grid = Run(costs, shard, run, stdout, interrupt, (int)p.Long("--threads"));
        return (Conclude(grid, shard, names, store, args, stdout, stderr), grid.Wall);
    }

    /// <summary>
    /// Runs <paramref name="run"/> for this shard's jobs (all without a shard) on
    /// <paramref name="workers"/> threads; <paramref name="run"/> returns the job's outcome and its
    /// report line, printed with the elapsed time. Returns the wall time, every job's outcome (null:
    /// not this shard's, or not started because of an interrupt) and whether an interrupt stopped
    /// the run before all of this shard's jobs were through.
    /// </summary>
    public static (TimeSpan Wall, JobOutcome?[] Outcomes, bool Stopped) Run(IReadOnlyList<double> costs, Shard? shard, Func<int, CancellationToken, (JobOutcome Outcome, string? Line)> run,
                                                              TextWriter stdout, CancellationToken interrupt, int workers)
    {
        // a job's claim is a file lock; .NET can be told to take none, and then two processes could run one job
        if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true" ||
            (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out bool off) && off))
            throw new UsageException("DOTNET_SYSTEM_IO_DISABLEFILELOCKING is set: a grid claims each job with a file lock, so that two processes never run one job; unset it.");
        var order = shard is { } s ? s.Select(costs) : Shard.LongestFirst(costs).ToArray();
        var queue = new ConcurrentQueue<int>(order);
        var outcomes = new JobOutcome?[costs.Count];
        var sw = Stopwatch.StartNew();
        object gate = new();
        var threads = Enumerable.Range(0, workers).Select(_ => new Thread(() =>
        {
            while (!interrupt.IsCancellationRequested && queue.TryDequeue(out int i))
            {
                var (outcome, line) = run(i, interrupt);
                lock (gate)
                {
                    outcomes[i] = outcome;
                    if (line != null) stdout.WriteLine($"[{sw.Elapsed.TotalSeconds,7:F1} s] {line}");
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
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
