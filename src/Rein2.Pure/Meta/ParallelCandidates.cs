// Evaluates a block of a meta-learner's candidates on several threads. Why the result cannot depend
// on the thread count: candidate i of a block is meta step s₀ + i, and its score reads only the
// candidate and the step (the inner episodes are seeded from the step, Fitness.cs) on a worker's own
// Fitness (its own network and environments); the workers only fill slot i of the results.
// The trainer then commits the block in candidate order, exactly as a one-thread run takes its
// steps (keep-the-best, the learner's tells, progress). Which worker takes which candidate varies
// from run to run (a shared counter, so long episodes do not hold up the others); nothing else does.
//
// Why dedicated threads that spin between blocks, not Parallel.For: a block is short (an ARS
// generation on MountainCar is 16 candidates, ≈ 13 ms of work) and the trainer's serial part between
// two blocks shorter still (≈ 0.1 ms), but a thread that went to sleep takes milliseconds to wake on
// a VM whose idle vCPU halted — measured: Parallel.For gave ARS on MountainCar 1.37× at 2 threads,
// against 1.86× for random search's 64-candidate blocks. So the workers spin while the trainer
// commits, and sleep only after a pause longer than SpinMilliseconds; they run while Learn runs
// (Start … Stop) and are gone between calls.
using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Rein2.Pure.Meta;

/// <summary>A fixed set of workers, each with its own <see cref="Fitness"/>, over blocks of candidates.</summary>
internal sealed class ParallelCandidates
{
    const double SpinMilliseconds = 20;
    readonly Fitness[] _workers;
    readonly int _k;
    readonly double[] _means;
    readonly long[] _steps;
    readonly int _b;
    readonly double[] _behaviors;
    readonly ExceptionDispatchInfo?[] _faults;
    readonly float[] _candidates;
    readonly object _gate = new();
    Thread[] _threads = [];
    long _firstStep;
    int _count, _next, _unfinished, _sleepers;
    volatile int _round;
    volatile bool _stopping;

    /// <summary>The most candidates one block holds.</summary>
    public int Capacity { get; }

    /// <summary>Candidate i of the block being filled or just evaluated (length k).</summary>
    public Span<float> Candidate(int i) => _candidates.AsSpan(i * _k, _k);

    /// <summary>Workers (one per thread, worker 0 the caller's) over candidates of <paramref name="dimension"/> values with behaviours of <paramref name="behaviorSize"/>.</summary>
    public ParallelCandidates(Fitness[] workers, int dimension, int behaviorSize, int capacity)
    {
        _k = dimension;
        Capacity = capacity;
        _workers = workers;
        _candidates = new float[capacity * _k];
        _means = new double[capacity]; _steps = new long[capacity];
        _b = behaviorSize;
        _behaviors = new double[capacity * _b];
        _faults = new ExceptionDispatchInfo?[capacity];
    }

    /// <summary>Starts the helper threads (worker 0 is the caller's); call <see cref="Stop"/> when the run pauses.</summary>
    public void Start()
    {
        _stopping = false;
        _threads = new Thread[_workers.Length - 1];
        int round = _round;   // the helpers wait for the round after this one
        for (int w = 1; w < _workers.Length; w++)
        {
            int worker = w;
            _threads[w - 1] = new Thread(() => Serve(worker, round)) { IsBackground = true, Name = $"rein2-candidates-{worker}" };
            _threads[w - 1].Start();
        }
    }

    /// <summary>Ends the helper threads.</summary>
    public void Stop()
    {
        lock (_gate) { _stopping = true; _round++; Monitor.PulseAll(_gate); }
        foreach (var t in _threads) t.Join();
        _threads = [];
    }

    /// <summary>Evaluates candidates 0 … <paramref name="count"/> − 1 as meta steps <paramref name="firstStep"/> + i, on every worker.</summary>
    public void Evaluate(int count, long firstStep)
    {
        if (count < 1 || count > Capacity) throw new ArgumentOutOfRangeException(nameof(count), count, $"a block holds 1 … {Capacity} candidates.");
        _count = count; _firstStep = firstStep; _next = 0;
        Array.Clear(_faults, 0, count);
        Volatile.Write(ref _unfinished, _threads.Length);
        lock (_gate)
        {
            _round++;
            if (_sleepers > 0) { _sleepers = 0; Monitor.PulseAll(_gate); }
        }
        Work(0);
        var spin = new SpinWait();
        while (Volatile.Read(ref _unfinished) > 0) spin.SpinOnce(sleep1Threshold: -1);
    }

    /// <summary>Candidate i's mean return and inner env steps; rethrows what its evaluation threw (a user's environment failing).</summary>
    public (double Mean, long Steps) Result(int i)
    {
        _faults[i]?.Throw();
        return (_means[i], _steps[i]);
    }

    /// <summary>Candidate i's behaviour (novelty learners; empty for the others).</summary>
    public Span<double> Behavior(int i) => _behaviors.AsSpan(i * _b, _b);

    // a helper thread: a block per round; between rounds it spins, then sleeps until the next
    void Serve(int w, int seen)
    {
        while (true)
        {
            long since = Stopwatch.GetTimestamp();
            while (_round == seen && Stopwatch.GetElapsedTime(since).TotalMilliseconds < SpinMilliseconds) Thread.SpinWait(50);
            lock (_gate)
            {
                while (_round == seen) { _sleepers++; Monitor.Wait(_gate); }
                seen = _round;
            }
            if (_stopping) return;
            Work(w);
            Interlocked.Decrement(ref _unfinished);
        }
    }

    void Work(int w)
    {
        var fitness = _workers[w];
        int i;
        while ((i = Interlocked.Increment(ref _next) - 1) < _count)
        {
            try
            {
                (_means[i], _steps[i]) = fitness.Evaluate(Candidate(i), _firstStep + i);
                fitness.Behavior.CopyTo(Behavior(i));
            }
            catch (Exception e) { _faults[i] = ExceptionDispatchInfo.Capture(e); }
        }
    }
}
