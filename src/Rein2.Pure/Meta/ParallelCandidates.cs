// Evaluates a block of a weight-space learner's candidates on several threads. Why the result cannot
// depend on the thread count: candidate i of a block is meta step s₀ + i, and its evaluation reads
// only the candidate and the step (the inner episodes are seeded from the step, OuterEnv.cs) on a
// worker's own copy of the network and environments; the workers only fill slot i of the results.
// The trainer then commits the block in candidate order, exactly as a one-thread run takes its
// steps (keep-the-best, the learner's tells, progress). Which worker takes which candidate varies
// from run to run (a shared counter, so long episodes do not hold up the others); nothing else does.
using System.Runtime.ExceptionServices;

namespace Rein2.Pure.Meta;

/// <summary>A fixed set of workers, each with its own inner network and evaluator, over blocks of candidates.</summary>
internal sealed class ParallelCandidates
{
    readonly OuterEnv _outer;
    readonly (InnerNetwork Net, InnerEvaluator Eval)[] _workers;
    readonly float[][] _scratch;
    readonly ParallelOptions _options;
    readonly Action<int> _work;
    readonly int _k;
    readonly double[] _means;
    readonly long[] _steps;
    readonly ExceptionDispatchInfo?[] _faults;
    float[] _candidates = [];
    long _firstStep;
    int _count, _next;

    /// <summary>The most candidates one block holds.</summary>
    public int Capacity { get; }

    /// <summary>The candidates of the block being filled or just evaluated: row i is candidate i (length k).</summary>
    public Span<float> Candidate(int i) => _candidates.AsSpan(i * _k, _k);

    public ParallelCandidates(OuterEnv outer, int threads, int capacity)
    {
        _outer = outer;
        _k = outer.Rbv.Count;
        Capacity = capacity;
        _workers = new (InnerNetwork, InnerEvaluator)[threads];
        _scratch = new float[threads][];
        for (int w = 0; w < threads; w++) { _workers[w] = outer.NewWorker(); _scratch[w] = new float[_k]; }
        _options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        _work = Work;
        _candidates = new float[capacity * _k];
        _means = new double[capacity]; _steps = new long[capacity];
        _faults = new ExceptionDispatchInfo?[capacity];
    }

    /// <summary>Evaluates candidates 0 … <paramref name="count"/> − 1 as meta steps <paramref name="firstStep"/> + i.</summary>
    public void Evaluate(int count, long firstStep)
    {
        if (count < 1 || count > Capacity) throw new ArgumentOutOfRangeException(nameof(count), count, $"a block holds 1 … {Capacity} candidates.");
        _count = count; _firstStep = firstStep; _next = 0;
        Array.Clear(_faults, 0, count);
        int workers = Math.Min(_workers.Length, count);
        if (workers == 1) Work(0);
        else Parallel.For(0, workers, _options, _work);
    }

    /// <summary>Candidate i's mean return and inner env steps; rethrows what its evaluation threw (a user's environment failing).</summary>
    public (double Mean, long Steps) Result(int i)
    {
        _faults[i]?.Throw();
        return (_means[i], _steps[i]);
    }

    void Work(int w)
    {
        var (net, eval) = _workers[w];
        int i;
        while ((i = Interlocked.Increment(ref _next) - 1) < _count)
        {
            try { (_means[i], _steps[i]) = _outer.EvaluateOn(net, eval, Candidate(i), _scratch[w], _firstStep + i); }
            catch (Exception e) { _faults[i] = ExceptionDispatchInfo.Capture(e); }
        }
    }
}
