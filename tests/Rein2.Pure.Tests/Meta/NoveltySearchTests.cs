// NS-ES, NSR-ES and NSRA-ES (Meta/Search/NoveltySearchEs.cs): on a 10-d trap — flat fitness
// everywhere but a basin far from the start — novelty finds the basin within a stated budget where
// plain OpenAI-ES does not; the archive's novelty is the k-nearest mean distance; candidates stay in
// the box; every state (initial centres, mid-generation, the parent's evaluation) checkpoints and
// resumes bit-identically; and the learners run as REIN-2 meta-learners with either behaviour.
using FsCheck.Xunit;
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Envs;
using Rein2.Pure.Meta;
using Rein2.Pure.Meta.Search;
using Rein2.Pure.Rng;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Meta;

public class NoveltySearchTests
{
    const int Dim = 10;
    const double Bound = 1;

    // The trap: a 10-d search whose outcome is a 2-d behaviour b = (mean of x₀…x₄, mean of x₅…x₉), as
    // an agent's many weights make one final state. The fitness is −200 (MountainCar's plateau)
    // everywhere except where b₀ + b₁ > 1, a corner of behaviour space away from the start at the
    // origin, where it rises toward the corner. Ranks of −200 carry no signal; novelty does.
    static void Behaviour(ReadOnlySpan<float> x, Span<double> b)
    {
        b[0] = b[1] = 0;
        for (int j = 0; j < 5; j++) { b[0] += x[j] / 5.0; b[1] += x[5 + j] / 5.0; }
    }

    static double Trap(ReadOnlySpan<double> b) => b[0] + b[1] > 1.0 ? -100 + 50 * (b[0] + b[1]) : -200;

    static NoveltySearchEs Novelty(MetaLearner meta, ulong seed) => new(NoveltySearchEs.VariantOf(meta), new float[Dim], Bound, new Pcg64(seed), behaviorSize: 2);

    // best fitness within the budget
    static double Search(WeightSearch s, int budget)
    {
        var x = new float[Dim];
        var b = new double[2];
        double best = double.NegativeInfinity;
        for (int t = 0; t < budget; t++)
        {
            s.Ask(x);
            Assert.All(x, v => Assert.InRange(v, -Bound, Bound));
            Behaviour(x, b);
            double f = Trap(b);
            s.Tell(f, b);
            best = Math.Max(best, f);
        }
        return best;
    }

    [Theory]
    [InlineData(MetaLearner.NsEs), InlineData(MetaLearner.NsrEs), InlineData(MetaLearner.NsraEs)]
    public void NoveltyFindsTheBasinBehindThePlateauWherePlainEsDoesNot(MetaLearner variant)
    {
        const int Budget = 3_000, Seeds = 10;
        int novelty = 0, es = 0;
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            if (Search(Novelty(variant, seed), Budget) > -200) novelty++;
            if (Search(new OpenAiEs(new float[Dim], Bound, new Pcg64(seed)), Budget) > -200) es++;
        }
        // NSRA-ES starts as plain ES (w = 1) and turns to novelty only as the return stagnates
        // (−0.05 per 10 flat generations; 3,000 evaluations are 72 generations): it needs longer
        int needed = variant == MetaLearner.NsraEs ? 6 : 9;
        Assert.True(novelty >= needed && es <= 2, $"{variant}: the basin found in {novelty} of {Seeds} runs of {Budget} evaluations; plain ES in {es}");
    }

    [Property(MaxTest = 100)]
    public void NoveltyIsTheMeanDistanceToTheKNearest(int seed, byte archiveSize, byte k)
    {
        int n = archiveSize % 40, kk = 1 + k % 12;
        var s = new NoveltySearchEs(NoveltySearchEs.Variant.Ns, new float[2], Bound, new Pcg64((ulong)seed), behaviorSize: 3, neighbors: kk, population: Math.Max(1, n));
        var rng = new Pcg64((ulong)seed + 1);
        var archive = new List<double[]>();
        var x = new float[2];
        for (int i = 0; i < n; i++)   // the initial centres' behaviours fill the archive
        {
            double[] b = [rng.NextGaussian(), rng.NextGaussian(), rng.NextGaussian()];
            archive.Add(b);
            s.Ask(x);
            s.Tell(0, b);
        }
        double[] probe = [rng.NextGaussian(), rng.NextGaussian(), rng.NextGaussian()];
        double expected = n == 0 ? 0 : archive.Select(a => Math.Sqrt(a.Zip(probe, (p, q) => (p - q) * (p - q)).Sum())).Order().Take(kk).Average();
        Assert.Equal(n, s.ArchiveCount);
        Assert.Equal(expected, s.Novelty(probe), 12);
    }

    static byte[] Bytes(WeightSearch s)
    {
        var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, true)) s.Sync(StateArchive.ForSaving(w));
        return ms.ToArray();
    }

    [Theory]
    [InlineData(MetaLearner.NsEs, 2)]     // among the initial centres
    [InlineData(MetaLearner.NsrEs, 3)]    // the first generation's first candidate
    [InlineData(MetaLearner.NsraEs, 25)]  // mid-generation
    [InlineData(MetaLearner.NsraEs, 43)]  // the parent's evaluation (3 + 40 perturbations)
    [InlineData(MetaLearner.NsraEs, 700)] // after NSRA's weight moved
    public void ACheckpointAnywhereResumesBitIdentically(MetaLearner variant, int at)
    {
        var whole = Novelty(variant, 5);
        Search(whole, 1_000);
        var first = Novelty(variant, 5);
        Search(first, at);
        byte[] saved = Bytes(first);
        var resumed = Novelty(variant, 77);   // another seed: everything must come from the checkpoint
        using (var r = new BinaryReader(new MemoryStream(saved))) resumed.Sync(StateArchive.ForLoading(r));
        Assert.Equal(saved, Bytes(resumed));
        Search(resumed, 1_000 - at);
        Assert.Equal(Bytes(whole), Bytes(resumed));
        Assert.Equal(whole.ArchiveCount, resumed.ArchiveCount);
        if (at == 700) Assert.True(whole.RewardWeight < 1, $"NSRA's weight on the return stayed at {whole.RewardWeight}");
    }

    [Fact]
    public void ACheckpointWithCandidatesOutstandingIsRefused()
    {
        var s = Novelty(MetaLearner.NsEs, 1);
        s.Ask(new float[Dim]);
        Assert.Throws<InvalidOperationException>(() => Bytes(s));
        Assert.Throws<InvalidOperationException>(() => s.Tell(-200));   // a behaviour is required
    }

    [Theory]
    [InlineData(MetaLearner.NsEs, NoveltyBehavior.FinalObs), InlineData(MetaLearner.NsrEs, NoveltyBehavior.Env), InlineData(MetaLearner.NsraEs, NoveltyBehavior.Env)]
    public void AsMetaLearnersTheyCheckpointAndResumeToTheSameEnd(MetaLearner meta, NoveltyBehavior behavior)
    {
        var o = new Rein2Options { Env = "MountainCar-v0", MetaLearner = meta, NoveltyBehavior = behavior, MetaSteps = 120, Episodes = 2, FinalEpisodes = 3, InnerNetArch = [16] };
        var (whole, resumed) = Checkpointed.WholeAndResumed(() => new Rein2Trainer(o, 3), first => first.Learn(pauseAtStep: 61));
        Assert.Equal(whole.BestReturn, resumed.BestReturn);
        Assert.Equal(whole.FinalEvaluation().Mean, resumed.FinalEvaluation().Mean);
    }

    [Fact]
    public void AnEnvironmentWithoutItsOwnBehaviourIsRefusedForNoveltyBcEnv()
    {
        var o = new Rein2Options { Env = "CartPole-v1", MetaLearner = MetaLearner.NsEs, NoveltyBehavior = NoveltyBehavior.Env };
        var e = Assert.Throws<Rein2.Pure.InvalidSettingException>(() => new Rein2Trainer(o, 1));
        Assert.Contains("CartPole-v1 declares no behaviour characterisation", e.Message);
        Assert.Equal(1, EnvRegistry.Spec("MountainCar-v0").Behavior!.Size);
    }
}
