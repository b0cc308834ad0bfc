// A grid's own files as faults find them (issue 31): a damaged or bit-flipped result.bin fails that
// job by name — the others go on, nothing crashes on a worker thread, no wrong number reaches a table;
// `--assemble` runs nothing and names what is not done; a sweep runs a learner once for all values of
// a setting it does not read; a Wilcoxon p says when the sample is too small to test.
using Rein2.Pure.Tests.Support;
using Rein2.Cli;

namespace Rein2.Pure.Tests.Cli;

public class GridFaultTests
{
    static string Spec(string json)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("rein2-grid-spec-").FullName, "spec.json");
        File.WriteAllText(path, json);
        return path;
    }

    static readonly string Tiny = Spec("""
        { "command": "train", "envs": ["CartPole-v1"], "meta": ["random"], "seeds": 2,
          "settings": { "steps": 5, "episodes": 2, "final_episodes": 2 } }
        """);

    static string NewDir() => Path.Combine(Directory.CreateTempSubdirectory("rein2-grid-").FullName, "g");

    static string[] Summary(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "summary.csv")).Select(l => l[..l.LastIndexOf(',')]).ToArray();

    [Theory]
    [InlineData("flip")]      // one exponent bit of a stored return: once 12,753,305.6 in a table
    [InlineData("truncate")]
    public void ADamagedResultFailsItsJobByNameAndTheGridGoesOn(string damage)
    {
        string dir = NewDir();
        Assert.Equal(0, CliRunner.Run("sweep", Tiny, "--out", dir).Code);
        var good = Summary(dir);
        string job = Directory.GetDirectories(Path.Combine(dir, "jobs")).Order().First();
        string result = Path.Combine(job, "result.bin");
        var bytes = File.ReadAllBytes(result);
        if (damage == "flip") bytes[^6] ^= 0x10; else bytes = bytes[..^3];
        File.WriteAllBytes(result, bytes);

        var r = CliRunner.Run("sweep", Tiny, "--out", dir);
        Assert.True(r.Code == 1, $"exit {r.Code}: {r.Err}");
        Assert.DoesNotContain("unexpected", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.Contains($"{Path.GetFileName(job)}: failed", r.Out);
        Assert.Contains(damage == "flip" ? "checksum mismatch" : "truncated", r.Out);
        Assert.Contains("delete it to run the job again", r.Out);
        Assert.Equal(good, Summary(dir));   // nothing assembled from a damaged record

        var status = CliRunner.Run("sweep", "status", dir);
        Assert.Contains("failed", status.Out);
        File.Delete(result);
        Assert.Equal(0, CliRunner.Run("sweep", Tiny, "--out", dir).Code);   // deleted, it runs again, to the same figures
        Assert.Equal(good, Summary(dir));
    }

    [Fact]
    public void AssembleRunsNothingAndNamesWhatIsNotDone()
    {
        string whole = NewDir(), split = NewDir();
        Assert.Equal(0, CliRunner.Run("sweep", Tiny, "--out", whole).Code);
        Assert.Equal(0, CliRunner.Run("sweep", Tiny, "--out", split, "--shard", "0/2").Code);
        var jobsBefore = Directory.GetDirectories(Path.Combine(split, "jobs")).Length;

        var early = CliRunner.Run("sweep", Tiny, "--out", split, "--assemble");
        Assert.Equal(1, early.Code);
        Assert.Contains("1 of 2 jobs are not done", early.Err);
        Assert.Contains("missing", early.Err);
        Assert.Equal(jobsBefore, Directory.GetDirectories(Path.Combine(split, "jobs")).Length);   // computed nothing
        Assert.False(File.Exists(Path.Combine(split, "summary.csv")));

        Assert.Equal(0, CliRunner.Run("sweep", Tiny, "--out", split, "--shard", "1/2").Code);
        var done = CliRunner.Run("sweep", Tiny, "--out", split, "--assemble");
        Assert.True(done.Code == 0, done.Err);
        Assert.Equal(Summary(whole), Summary(split));
    }

    [Fact]
    public void ALearnerRunsOnceForAllValuesOfASettingItDoesNotRead()
    {
        string spec = Spec("""
            { "command": "train", "envs": ["CartPole-v1"], "meta": ["random", "ppo"], "seeds": 2,
              "settings": { "steps": 5, "episodes": 2, "final_episodes": 2, "meta.learning_rate": ["0.001", "0.0003"] }, "control": "random" }
            """);
        var s = SweepSpec.Read(spec);
        Assert.Equal(8, s.Cells.Count);
        Assert.Equal(6, s.Jobs.Count);   // random: 2 seeds, once; ppo: 2 seeds × 2 learning rates
        Assert.All(s.Jobs.Where(j => j.Learner == "random"), j => Assert.DoesNotContain(j.Settings, kv => kv.Key == "meta.learning_rate"));

        string dir = NewDir();
        var r = CliRunner.Run("sweep", spec, "--out", dir);
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal(6, Directory.GetDirectories(Path.Combine(dir, "jobs")).Length);
        string md = File.ReadAllText(Path.Combine(dir, "sweep.md"));
        Assert.Contains("8 cells; a learner runs once for all values of a setting it does not read, so 6 jobs", md);
        Assert.Contains("meta.learning_rate=0.001", md);
        Assert.Contains("meta.learning_rate=0.0003", md);
        // a value a learner does not read is still checked
        var bad = CliRunner.Run("sweep", Spec("""
            { "command": "train", "envs": ["CartPole-v1"], "meta": ["random"], "seeds": 2, "settings": { "search_sigma": ["-1"] } }
            """), "--out", NewDir());
        Assert.Equal(2, bad.Code);
        Assert.Contains("search_sigma", bad.Err);
    }

    [Fact]
    public void AWilcoxonPSaysWhenTheSampleCannotReachFivePercent()
    {
        Assert.Equal("0.25 (n = 3: p ≥ 0.25 at best, too few to reach 0.05)", PairedStats.WilcoxonText([1, 2, 3], "G3"));
        Assert.Equal("1 (every difference is zero)", PairedStats.WilcoxonText([0, 0, 0], "G3"));
        Assert.DoesNotContain("too few", PairedStats.WilcoxonText([1, 2, 3, 4, 5, 6, -0.5], "G3"));
    }
}
