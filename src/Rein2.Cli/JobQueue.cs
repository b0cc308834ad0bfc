// The independent jobs of `reproduce table1` and `reproduce meta`, run two at a time (one per core):
// each job is deterministic on its own, so the order and the interleaving change only wall time.
// A job's one-line report is printed whole, under a lock.
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Rein2.Cli;

public static class JobQueue
{
    /// <summary>
    /// Runs <paramref name="run"/> for every index in <paramref name="order"/> (longest first keeps the
    /// workers finishing together) on two threads; <paramref name="run"/> returns its report line,
    /// printed with the elapsed time. Returns the wall time.
    /// </summary>
    public static TimeSpan Run(IEnumerable<int> order, Func<int, string> run, TextWriter stdout, int workers = 2)
    {
        var queue = new ConcurrentQueue<int>(order);
        var sw = Stopwatch.StartNew();
        object gate = new();
        var threads = Enumerable.Range(0, workers).Select(_ => new Thread(() =>
        {
            while (queue.TryDequeue(out int i))
            {
                string line = run(i);
                lock (gate) stdout.WriteLine($"[{sw.Elapsed.TotalSeconds,7:F1} s] {line}");
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return sw.Elapsed;
    }
}
