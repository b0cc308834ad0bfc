// The independent jobs of `reproduce table1` and `reproduce meta`, run --threads at a time (one per core):
// each job is deterministic on its own, so the order and the interleaving change only wall time.
// A job's one-line report is printed whole, under a lock. On an interrupt no new job starts; a
// running job sees the same token, checkpoints and returns null.
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Rein2.Cli;

public static class JobQueue
{
    /// <summary>
    /// Runs <paramref name="run"/> for every index in <paramref name="order"/> (longest first keeps the
    /// workers finishing together) on <paramref name="workers"/> threads; <paramref name="run"/> returns its report line,
    /// printed with the elapsed time, or null when the interrupt stopped it. Returns the wall time and
    /// whether every job finished.
    /// </summary>
    public static (TimeSpan Wall, bool Finished) Run(IEnumerable<int> order, Func<int, CancellationToken, string?> run, TextWriter stdout,
                                                     CancellationToken interrupt, int workers)
    {
        var queue = new ConcurrentQueue<int>(order);
        var sw = Stopwatch.StartNew();
        object gate = new();
        bool stopped = false;
        var threads = Enumerable.Range(0, workers).Select(_ => new Thread(() =>
        {
            while (!interrupt.IsCancellationRequested && queue.TryDequeue(out int i))
            {
                string? line = run(i, interrupt);
                lock (gate)
                {
                    if (line is null) stopped = true;
                    else stdout.WriteLine($"[{sw.Elapsed.TotalSeconds,7:F1} s] {line}");
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return (sw.Elapsed, !stopped && queue.IsEmpty);
    }

    /// <summary>What `reproduce` prints when interrupted, and its exit code (130).</summary>
    public static int Interrupted(TextWriter stderr, JobStore store, IReadOnlyCollection<string> jobs, string[] args)
    {
        stderr.WriteLine($"rein2: interrupted: {jobs.Count(store.IsFinished)} of {jobs.Count} jobs finished (kept in {store.Dir}, running ones checkpointed there). " +
                         $"Continue with the same command: {RunStamp.Command(args)}");
        return CommandLine.Interrupted;
    }
}
