// A weight-space learner over REIN-2's search space: it proposes the next RBV values (one candidate
// per meta step, so `--steps` buys every method the same number of evaluations) and hears the
// candidate's fitness (the mean return of its N greedy inner episodes). Candidates stay inside the
// box [−bound, bound]^k. Population methods ask a whole generation one candidate at a time and update
// when the last one is told. A generation's candidates do not depend on each other's fitness, so a
// caller may ask up to CandidatesUntilUpdate of them before telling the first (the parallel
// evaluation does): the candidates and the learner's state are the same as when each is told at once.
// Every learner is deterministic given its generator and checkpoints through Sync (between a tell
// and the next ask: every candidate asked has been told).
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta.Search;

/// <summary>Ask for a candidate, tell its fitness (higher is better), repeat: the weight-space meta-learners.</summary>
internal abstract class WeightSearch : IMetaLearner
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <summary>The number of weights searched (k, the RBV size).</summary>
    protected readonly int N;
    /// <summary>The box half-width.</summary>
    protected readonly double Bound;

    /// <summary>Restart the centre at a uniform point of the box when a whole generation scores the same (see <see cref="IsFlat"/>).</summary>
    protected readonly bool RestartOnFlat;

    protected WeightSearch(int n, double bound, bool restartOnFlat = false) { N = n; Bound = bound; RestartOnFlat = restartOnFlat; }

    /// <summary>Writes the next candidate into <paramref name="candidate"/> (length k, inside the box).</summary>
    public abstract void Ask(Span<float> candidate);

    /// <summary>The fitness of the oldest candidate asked and not yet told.</summary>
    public abstract void Tell(double fitness);

    /// <summary>The fitness and behaviour of the oldest candidate asked and not yet told (novelty search reads the behaviour; the others ignore it).</summary>
    public virtual void Tell(double fitness, ReadOnlySpan<double> behavior) => Tell(fitness);

    /// <summary>Candidates that may be asked before the next one depends on a fitness (the rest of the generation; unbounded for a memoryless search).</summary>
    public abstract int CandidatesUntilUpdate { get; }

    /// <summary>Saves or restores the learner's whole state (checkpoints).</summary>
    public abstract void Sync(StateArchive archive);

    /// <summary>The learner's current centre (its estimate of the best weights), or null for a memoryless search.</summary>
    public virtual ReadOnlySpan<double> Mean => default;

    /// <summary>Refuses a tell with no candidate waiting for it, or a checkpoint with candidates asked and not told.</summary>
    protected static void Require(bool ok, string what)
    {
        if (!ok) throw new InvalidOperationException(what);
    }

    /// <summary>x clipped to the box.</summary>
    protected float Clip(double x) => (float)Math.Clamp(x, -Bound, Bound);

    /// <summary>
    /// True when every fitness of a generation is the same: the ranks then carry no information and
    /// the update is a step along random noise (MountainCar's −200 everywhere). CMA-ES implementations
    /// stop or restart on such "flat fitness" (Hansen's tutorial, the tolflatfitness criterion); with
    /// <see cref="RestartOnFlat"/> our learners restart their centre at a uniform point of the box, so
    /// on a plateau they search as widely as random search does, and climb once a generation differs.
    /// </summary>
    protected static bool IsFlat(ReadOnlySpan<double> fitness)
    {
        foreach (var f in fitness) if (f != fitness[0]) return false;
        return true;
    }

    /// <summary>Draws a uniform point of the box into <paramref name="centre"/>.</summary>
    protected void UniformPoint(Span<double> centre, ref Pcg64 rng)
    {
        for (int j = 0; j < centre.Length; j++) centre[j] = rng.Uniform(-Bound, Bound);
    }

    /// <summary>
    /// Candidate <paramref name="drawn"/> of a generation of antithetic pairs around
    /// <paramref name="centre"/> (mirrored sampling: Salimans et al. 2017, §2.2; Mania et al. 2018):
    /// the first of a pair draws a Gaussian direction into its slot of <paramref name="directions"/>
    /// (pair p at p·k), the second is its mirror image; the candidate is centre ± scale·direction, clipped.
    /// </summary>
    protected void AskAntithetic(Span<float> candidate, ReadOnlySpan<double> centre, Span<double> directions, int drawn, double scale, ref Pcg64 rng)
    {
        var eps = directions.Slice(drawn / 2 * N, N);
        if (drawn % 2 == 0) for (int j = 0; j < N; j++) eps[j] = rng.NextGaussian();
        double sign = drawn % 2 == 0 ? 1 : -1;
        for (int j = 0; j < N; j++) candidate[j] = Clip(centre[j] + sign * scale * eps[j]);
    }

    /// <summary>grad = Σ_pairs (w⁺ − w⁻)·ε: the antithetic estimate of the search gradient from the pairs' shaped fitness.</summary>
    protected void AntitheticSum(ReadOnlySpan<double> shaped, ReadOnlySpan<double> directions, Span<double> grad)
    {
        grad.Clear();
        for (int i = 0; i < shaped.Length / 2; i++)
        {
            double w = shaped[2 * i] - shaped[2 * i + 1];
            var eps = directions.Slice(i * N, N);
            for (int j = 0; j < N; j++) grad[j] += w * eps[j];
        }
    }

    /// <summary>
    /// One Adam step (β 0.9, 0.999, ε 1e-8; <paramref name="t"/> counts this centre's steps from 1) that
    /// ascends the estimated gradient <paramref name="grad"/> / <paramref name="denominator"/> with L2
    /// weight decay, θ kept in the box (OpenAI-ES's update, Salimans et al. 2017).
    /// </summary>
    protected void AdamAscend(Span<double> theta, ReadOnlySpan<double> grad, double denominator, Span<double> m, Span<double> v, long t, double step, double decay)
    {
        const double B1 = 0.9, B2 = 0.999, E = 1e-8;
        double c1 = 1 - Math.Pow(B1, t), c2 = 1 - Math.Pow(B2, t);
        for (int j = 0; j < theta.Length; j++)
        {
            double g = -grad[j] / denominator + decay * theta[j];
            m[j] = B1 * m[j] + (1 - B1) * g;
            v[j] = B2 * v[j] + (1 - B2) * g * g;
            theta[j] = Math.Clamp(theta[j] - step * (m[j] / c1) / (Math.Sqrt(v[j] / c2) + E), -Bound, Bound);
        }
    }

    /// <summary>Centred ranks in [−0.5, 0.5] (Salimans et al. 2017, §2.2 "fitness shaping"): rank / (n − 1) − 0.5, ties by order.</summary>
    protected static void CentredRanks(ReadOnlySpan<double> fitness, Span<double> shaped, Span<int> order)
    {
        int n = fitness.Length;
        for (int i = 0; i < n; i++) order[i] = i;
        var f = fitness.ToArray();
        order.Sort((a, b) => f[a] != f[b] ? f[a].CompareTo(f[b]) : a.CompareTo(b));
        for (int r = 0; r < n; r++) shaped[order[r]] = n == 1 ? 0 : (double)r / (n - 1) - 0.5;
    }
}
