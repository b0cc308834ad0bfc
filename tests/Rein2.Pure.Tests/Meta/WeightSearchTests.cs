// The weight-space learners (OpenAI-ES, sep-CMA-ES, ARS V1-t) on test functions with known minima,
// within stated budgets; deterministic; every candidate inside the box; and a run checkpointed at any
// point and resumed continues bit-identically — alone and as REIN-2 meta-learners.
using Rein2.Pure.Algos;
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Io;
using Rein2.Pure.Meta.Search;
using Rein2.Pure.Rng;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Meta;

public class WeightSearchTests
{
    const int Dim = 10;
    const double Bound = 5;

    static double Sphere(double[] x) => x.Sum(v => (v - 1) * (v - 1));
    static double Ellipsoid(double[] x) => x.Select((v, i) => Math.Pow(100, i / (double)(x.Length - 1)) * (v - 1) * (v - 1)).Sum();
    static double Rosenbrock(double[] x) => Enumerable.Range(0, x.Length - 1).Sum(i => 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2));

    static WeightSearch Make(string method, ulong seed, float[] start, double? sigma = null, bool restart = false) => method switch
    {
        "es" => new OpenAiEs(start, Bound, new Pcg64(seed), sigma, restartOnFlat: restart),
        "cmaes" => new SepCmaEs(start, Bound, new Pcg64(seed), sigma, restartOnFlat: restart),
        _ => new AugmentedRandomSearch(start, Bound, new Pcg64(seed), sigma, restartOnFlat: restart),
    };

    // minimises f (fitness −f) for `budget` evaluations; returns f at the learner's mean
    static double Minimise(WeightSearch s, Func<double[], double> f, int budget)
    {
        var c = new float[Dim];
        for (int t = 0; t < budget; t++)
        {
            s.Ask(c);
            Assert.All(c, v => Assert.InRange(v, -Bound, Bound));
            s.Tell(-f(c.Select(v => (double)v).ToArray()));
        }
        return f(s.Mean.ToArray());
    }

    // The minimum is at (1, …, 1); the start (−2, …, −2): sphere 90, ellipsoid ≈ 2,234, Rosenbrock
    // 32,481. sep-CMA-ES adapts its step size and converges; ES and ARS keep a fixed exploration scale
    // and step, so they stop at a noise floor set by σ (ν): their targets are that floor, reached.
    // Seeded, so deterministic; each target is ~2× above what the method reaches here.
    [Theory]
    [InlineData("es", "sphere", 3_000, 0.05, 0.05)]
    [InlineData("cmaes", "sphere", 3_000, 1e-6, null)]
    [InlineData("ars", "sphere", 3_000, 1.0, 0.05)]
    [InlineData("es", "ellipsoid", 6_000, 1.0, 0.05)]
    [InlineData("cmaes", "ellipsoid", 6_000, 1e-4, null)]
    [InlineData("ars", "ellipsoid", 6_000, 25, 0.05)]
    [InlineData("cmaes", "rosenbrock", 20_000, 1.0, null)]
    [InlineData("es", "rosenbrock", 20_000, 10, 0.02)]
    [InlineData("ars", "rosenbrock", 20_000, 40, 0.02)]
    public void ConvergesWithinItsBudget(string method, string function, int budget, double target, double? sigma)
    {
        Func<double[], double> f = function switch { "sphere" => Sphere, "ellipsoid" => Ellipsoid, _ => Rosenbrock };
        var start = Enumerable.Repeat(-2f, Dim).ToArray();
        double before = f(start.Select(v => (double)v).ToArray()), after = Minimise(Make(method, 1, start, sigma), f, budget);
        Assert.True(after < target, $"{method} on {function}: {before:G4} → {after:G4} after {budget} evaluations (target < {target})");
    }

    [Theory]
    [InlineData("es"), InlineData("cmaes"), InlineData("ars")]
    public void SameSeedSameCandidates(string method)
    {
        var start = new float[Dim];
        double a = Minimise(Make(method, 7, start), Sphere, 500), b = Minimise(Make(method, 7, start), Sphere, 500);
        Assert.Equal(a, b);
        Assert.NotEqual(a, Minimise(Make(method, 8, start), Sphere, 500));
    }

    [Theory]
    [InlineData("es", 137), InlineData("cmaes", 55), InlineData("ars", 21), InlineData("es", 40)]
    public void CheckpointedAnywhereAndResumedTheSearchContinuesBitIdentically(string method, int at)
    {
        var start = Enumerable.Repeat(0.5f, Dim).ToArray();
        var whole = Make(method, 3, start);
        double expected = Minimise(whole, Ellipsoid, 400);

        var first = Make(method, 3, start);
        Minimise(first, Ellipsoid, at);
        var bytes = new MemoryStream();
        using (var w = new BinaryWriter(bytes, System.Text.Encoding.UTF8, true)) first.Sync(StateArchive.ForSaving(w));
        var resumed = Make(method, 999, start); // another seed and an untouched state: all of it comes from the checkpoint
        bytes.Position = 0;
        using (var r = new BinaryReader(bytes)) resumed.Sync(StateArchive.ForLoading(r));
        Assert.Equal(expected, Minimise(resumed, Ellipsoid, 400 - at));
        Assert.Equal(whole.Mean.ToArray(), resumed.Mean.ToArray());
    }

    [Theory]
    [InlineData(Rein2.Pure.Meta.MetaLearner.Es), InlineData(Rein2.Pure.Meta.MetaLearner.CmaEs), InlineData(Rein2.Pure.Meta.MetaLearner.Ars)]
    public void AsRein2MetaLearnersTheyResumeBitIdenticallyAndStayInTheBox(Rein2.Pure.Meta.MetaLearner meta)
    {
        var o = new Rein2.Pure.Meta.Rein2Options { MetaLearner = meta, MetaSteps = 90, Episodes = 3, FinalEpisodes = 5, InnerNetArch = [32, 32] };
        var (whole, resumed) = Checkpointed.WholeAndResumed(() => new Rein2.Pure.Meta.Rein2Trainer(o, 4), first => first.Learn(pauseAtStep: 37));
        Assert.Equal(whole.BestCandidate.ToArray(), resumed.BestCandidate.ToArray());
        Assert.Equal(whole.BestReturn, resumed.BestReturn);
        Assert.Equal(whole.InnerEnvSteps, resumed.InnerEnvSteps);
        Assert.All(whole.BestCandidate.ToArray(), v => Assert.InRange(v, -1f, 1f));
    }

    // A plateau with one basin, as MountainCar is to REIN-2 (−200 almost everywhere): 0 outside the
    // ball of radius 6 around (3, …, 3), |x − c|² − 36 inside it. From (−4, …, −4), 22 from the
    // centre, every generation is flat. Plain ARS never moves on a flat generation (σ_R = 0) and so
    // never finds the basin; restarting at a uniform point after each flat generation finds it within
    // 4,000 evaluations and then climbs into it, for ES and ARS. (Plain ES random-walks on ties and may
    // stumble in; sep-CMA-ES with restarts does not find this basin: λ = 10 candidates at σ₀ = 3 rarely
    // land in it, and after one does the mean of the μ = 5 best moves only partway, so the next
    // generation is flat and restarts — the weakness its MountainCar result shows, docs/rein2.md.)
    static double Basin(double[] x)
    {
        double d2 = x.Sum(v => (v - 3) * (v - 3));
        return d2 < 36 ? d2 - 36 : 0;   // minimised: 0 on the plateau, −36 at the centre
    }

    [Theory]
    [InlineData("es"), InlineData("ars")]
    public void RestartingAfterAFlatGenerationFindsABasinOnAPlateau(string method)
    {
        var start = Enumerable.Repeat(-4f, Dim).ToArray();
        double restarting = Minimise(Make(method, 5, start, restart: true), Basin, 4_000);
        Assert.True(restarting < -18, $"{method} with restarts: f at the mean {restarting:G4} (expected inside the basin, below −18)");
        if (method == "ars") Assert.Equal(0, Minimise(Make(method, 5, start), Basin, 4_000));
    }

    [Theory]
    [InlineData("es"), InlineData("cmaes"), InlineData("ars")]
    public void OnAFlatFunctionEveryGenerationRestartsAtAFreshPointInTheBox(string method)
    {
        var s = Make(method, 9, new float[Dim], restart: true);
        var c = new float[Dim];
        var centres = new List<double[]>();
        for (int t = 0; t < 2_000; t++)
        {
            s.Ask(c);
            s.Tell(-200);
            var m = s.Mean.ToArray();
            if (centres.Count == 0 || !m.SequenceEqual(centres[^1])) centres.Add(m);
        }
        Assert.All(centres, m => Assert.All(m, v => Assert.InRange(v, -Bound, Bound)));
        Assert.True(centres.Count >= 40, $"{centres.Count} distinct centres in 2,000 flat evaluations");
        // spread over the box, as uniform points are: each coordinate's centres reach both halves widely
        for (int j = 0; j < Dim; j++)
            Assert.True(centres.Min(m => m[j]) < -Bound / 2 && centres.Max(m => m[j]) > Bound / 2, $"coordinate {j}");
    }
}
