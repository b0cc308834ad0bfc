// The protocol's statistics against values worked out by hand (and as scipy.stats.wilcoxon gives
// them for the exact method): the smallest possible p for n = 10, a symmetric case, ties, zeros; the
// IQM's definition; and a bootstrap interval that contains the IQM and is reproducible.
using Rein2.Cli;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Cli;

public class PairedStatsTests
{
    [Fact]
    public void AllTenDifferencesPositiveGiveTheSmallestExactP()
    {
        // only the all-plus and all-minus patterns are as extreme: 2 / 2^10
        Assert.Equal(2.0 / 1024, PairedStats.WilcoxonExactP([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 12);
    }

    [Fact]
    public void SmallCasesMatchTheirEnumeration()
    {
        // n = 3, ranks 1,2,3, W+ = 1 (only the smallest positive): patterns with min(W, 6 − W) ≤ 1 are
        // W ∈ {0, 1, 5, 6} → 4 of 8
        Assert.Equal(0.5, PairedStats.WilcoxonExactP([1, -2, -3]), 12);
        // zeros are dropped: the same as the case above
        Assert.Equal(0.5, PairedStats.WilcoxonExactP([0, 1, -2, 0, -3]), 12);
        // a perfectly balanced sample: p = 1
        Assert.Equal(1.0, PairedStats.WilcoxonExactP([1, -1, 2, -2]), 12);
        // all zero: no evidence
        Assert.Equal(1.0, PairedStats.WilcoxonExactP([0, 0, 0]));
        // ties share their average rank: |d| = 1,1,2 → ranks 1.5,1.5,3; W+ = 3 (the 2): min(3, 3) = 3 →
        // every pattern is as extreme
        Assert.Equal(1.0, PairedStats.WilcoxonExactP([-1, -1, 2]), 12);
    }

    [Fact]
    public void IqmIsTheMeanOfTheMiddleHalf()
    {
        Assert.Equal(4.5, PairedStats.InterquartileMean([8, 1, 7, 2, 6, 3, 5, 4]), 12);
        // n = 10: the 3rd and 8th values count half: (0.5·3 + 4 + 5 + 6 + 7 + 0.5·8) / 5
        Assert.Equal((1.5 + 4 + 5 + 6 + 7 + 4) / 5, PairedStats.InterquartileMean([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 12);
        Assert.Equal(5, PairedStats.InterquartileMean([5]));
        // robust: one wild value does not move it
        Assert.Equal(PairedStats.InterquartileMean([1, 2, 3, 4, 5, 6, 7, 8]), PairedStats.InterquartileMean([1, 2, 3, 4, 5, 6, 7, 1e9]));
    }

    [Fact]
    public void BootstrapIntervalBracketsTheIqmAndIsReproducible()
    {
        double[] v = [-120, -95, -88, -101, -84, -92, -110, -79, -99, -90];
        var (lo, hi) = PairedStats.BootstrapIqm(v, 2000, 5);
        double iqm = PairedStats.InterquartileMean(v);
        Assert.True(lo <= iqm && iqm <= hi, $"{lo} {iqm} {hi}");
        Assert.True(hi - lo > 0);
        Assert.Equal((lo, hi), PairedStats.BootstrapIqm(v, 2000, 5));
    }
}

public class MetaProtocolCliTests
{
    [Fact]
    public void ATinyProtocolWritesTheTableTheRunsAndTheCurves()
    {
        string dir = Directory.CreateTempSubdirectory("rein2-meta-").FullName;
        var (code, _, err) = CliRunner.Run("reproduce", "meta", "--seeds", "2", "--scale", "0.01", "--envs", "MountainCar-v0", "--out", dir);
        Assert.True(code == 0, err);
        string md = File.ReadAllText(Path.Combine(dir, "meta.md"));
        foreach (var m in new[] { "random", "es", "cmaes", "ars", "ppo", "ppo-fast", "ppo-informed" }) Assert.Contains($"| {m} |", md);
        Assert.Contains("Wilcoxon", md);
        var lines = File.ReadAllLines(Path.Combine(dir, "runs.jsonl"));
        Assert.Equal(14, lines.Length);
        Assert.All(lines, l => Assert.Contains("\"reeval_100\"", l));
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "meta-MountainCar-v0.svg")));
        // the restart variants on request, on seeds from --first-seed
        string more = Directory.CreateTempSubdirectory("rein2-meta-restart-").FullName;
        var restart = CliRunner.Run("reproduce", "meta", "--seeds", "2", "--first-seed", "5", "--scale", "0.01", "--envs", "MountainCar-v0",
                                    "--methods", "random,es-restart,ars-restart", "--out", more);
        Assert.True(restart.Code == 0, restart.Err);
        var runs = File.ReadAllLines(Path.Combine(more, "runs.jsonl"));
        Assert.Equal(6, runs.Length);
        Assert.All(runs, l => Assert.Matches("\"seed\": [56],", l));
        Assert.Contains("| ars-restart |", File.ReadAllText(Path.Combine(more, "meta.md")));
        Assert.Contains("--first-seed 5", File.ReadAllText(Path.Combine(more, "meta.md")));
        var bad = CliRunner.Run("reproduce", "meta", "--methods", "es,ppo");
        Assert.Equal(2, bad.Code);
        Assert.Contains("must include random", bad.Err);
    }
}
