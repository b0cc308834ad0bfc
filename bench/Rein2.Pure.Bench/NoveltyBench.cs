// The novelty of one behaviour (issue 23): the mean distance to its k = 10 nearest in an archive of
// `Archive` behaviours of `Dim` values — what NS-ES pays per candidate on top of its evaluation. One
// pass over the archive (O(|A|·d), plus an insertion into the sorted k nearest), so it grows linearly
// with the archive, which gains one behaviour per generation (2·20 + 1 meta steps).
using BenchmarkDotNet.Attributes;
using Rein2.Pure.Meta.Search;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Bench;

public class NoveltyBench
{
    [Params(100, 1_000, 10_000)] public int Archive;
    [Params(1, 2, 6)] public int Dim;

    NoveltySearchEs _search = null!;
    double[] _probe = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Pcg64(1);
        // the initial centres fill the archive: a population of Archive centres, told once each
        _search = new NoveltySearchEs(NoveltySearchEs.Variant.Ns, new float[4], 1, new Pcg64(2), Dim, population: Archive);
        var x = new float[4];
        var b = new double[Dim];
        for (int i = 0; i < Archive; i++)
        {
            _search.Ask(x);
            for (int j = 0; j < Dim; j++) b[j] = rng.NextGaussian();
            _search.Tell(-200, b);
        }
        _probe = [.. Enumerable.Range(0, Dim).Select(_ => rng.NextGaussian())];
    }

    [Benchmark]
    public double Novelty() => _search.Novelty(_probe);
}
