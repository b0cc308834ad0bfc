// The random-search control of the reproduction: every candidate uniform on the box, independent of
// every fitness. It draws from the run's policy stream exactly as before, so its results and
// checkpoints are unchanged.
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta.Search;

/// <summary>Uniform random search over the box.</summary>
internal sealed class UniformSearch(int n, double bound, Pcg64 rng) : WeightSearch(n, bound)
{
    /// <inheritdoc/>
    public override string Name => "random";

    Pcg64 _rng = rng;

    /// <inheritdoc/>
    public override void Ask(Span<float> candidate)
    {
        float b = (float)Bound;
        for (int j = 0; j < candidate.Length; j++) candidate[j] = (float)_rng.Uniform(-b, b);
    }

    /// <inheritdoc/>
    public override void Tell(double fitness) { }

    /// <inheritdoc/>
    public override int CandidatesUntilUpdate => int.MaxValue;

    /// <inheritdoc/>
    public override void Sync(StateArchive archive) => archive.Sync(ref _rng);
}
