// `rein2 sweep SPEC.json` (docs/scale-out.md): a job's final figures are those `rein2 train` and
// `rein2 baseline` give for the same settings and seed; shards in separate processes (one of them
// twice at once) and an interrupted sweep continued end with the unsharded sweep's summary.csv
// (wall-clock column aside); `sweep status` names every job; a bad spec is refused before anything
// runs, naming the key and what is allowed; the report page is built from the sweep's files.
using System.Text.Json.Nodes;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Cli;

public class SweepTests
{
    const string TrainSpec = """
        { "command": "train", "envs": ["Acrobot-v1"], "meta": ["random", "es"], "seeds": 3,
          "settings": { "steps": 120, "episodes": [3, 4], "final_episodes": 20 }, "control": "random" }
        """;

    static string Spec(string json)
    {
        string dir = Directory.CreateTempSubdirectory("rein2-sweep-spec-").FullName, path = Path.Combine(dir, "spec.json");
        File.WriteAllText(path, json);
        return path;
    }

    // summary.csv without its last column (wall_s)
    static string[] Summary(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "summary.csv")).Select(l => l[..l.LastIndexOf(',')]).ToArray();

    static string Sweep(string spec, params string[] more)
    {
        string dir = Directory.CreateTempSubdirectory("rein2-sweep-").FullName;
        var r = CliRunner.Run(["sweep", spec, "--out", dir, .. more]);
        Assert.True(r.Code == 0, r.Err);
        return dir;
    }

    [Fact]
    public void AJobsFiguresAreWhatTrainAndBaselineReportForTheSameSettings()
    {
        string dir = Sweep(Spec(TrainSpec));
        var row = File.ReadAllLines(Path.Combine(dir, "summary.csv")).Single(l => l.StartsWith("train-Acrobot-v1-es-steps=120-episodes=4-final_episodes=20-s2,")).Split(',');
        string run = Directory.CreateTempSubdirectory("rein2-sweep-train-").FullName;
        Assert.Equal(0, CliRunner.Run("train", "--env", "Acrobot-v1", "--meta", "es", "--steps", "120", "--episodes", "4", "--set", "final_episodes=20", "--seed", "2", "--out", run, "--overwrite").Code);
        var s = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        Assert.Equal(s["final_eval_mean"]!.GetValue<double>(), double.Parse(row[6]));
        Assert.Equal(s["inner_env_steps"]!.GetValue<long>(), long.Parse(row[11]));

        string baseSpec = Spec("""{ "command": "baseline", "envs": ["CartPole-v1"], "algos": ["a2c"], "seeds": [5], "settings": { "n_timesteps": 2000 } }""");
        string b = Sweep(baseSpec);
        var brow = File.ReadAllLines(Path.Combine(b, "summary.csv"))[1].Split(',');
        string brun = Directory.CreateTempSubdirectory("rein2-sweep-baseline-").FullName;
        Assert.Equal(0, CliRunner.Run("baseline", "--algo", "a2c", "--env", "CartPole-v1", "--steps", "2000", "--seed", "5", "--out", brun, "--overwrite").Code);
        var bs = JsonNode.Parse(File.ReadAllText(Path.Combine(brun, "summary.json")))!;
        Assert.Equal(bs["final_eval_mean"]!.GetValue<double>(), double.Parse(brow[6]));
        Assert.Equal(bs["final_eval_std"]!.GetValue<double>(), double.Parse(brow[7]));
    }

    [Fact]
    public async Task ShardsInProcessesAndAnInterruptedSweepEndAsTheUnshardedSweep()
    {
        string spec = Spec(TrainSpec);
        string whole = Sweep(spec, "--threads", "1");
        string md = File.ReadAllText(Path.Combine(whole, "sweep.md"));
        Assert.Contains("| es |", md);
        Assert.Contains("Wilcoxon", md);

        string dir = Directory.CreateTempSubdirectory("rein2-sweep-shards-").FullName;
        var procs = new[] { "0/2", "1/2", "1/2" }.Select(s => CliProcess.Start(["sweep", spec, "--out", dir, "--shard", s, "--threads", "1"])).ToList();
        foreach (var p in procs)
        {
            string err = await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, err);
        }
        Assert.False(File.Exists(Path.Combine(dir, "summary.csv")), "a shard assembled");
        var status = CliRunner.Run("sweep", "status", dir);
        Assert.Equal(0, status.Code);
        Assert.Contains("12 jobs: 12 done", status.Out);
        Assert.Equal(0, CliRunner.Run("sweep", spec, "--out", dir).Code);
        Assert.Equal(Summary(whole), Summary(dir));

        // interrupted after the first job, then continued
        string cut = Directory.CreateTempSubdirectory("rein2-sweep-cut-").FullName;
        using var cts = new CancellationTokenSource();
        var first = CliRunner.Run(["sweep", spec, "--out", cut], cts.Token, new CancelOnFirstLine(cts));
        Assert.Equal(130, first.Code);
        var mid = CliRunner.Run("sweep", "status", cut);
        Assert.Matches(@"12 jobs: \d+ done", mid.Out);
        Assert.Contains("missing", mid.Out);
        Assert.Equal(0, CliRunner.Run("sweep", spec, "--out", cut).Code);
        Assert.Equal(Summary(whole), Summary(cut));
        Assert.Contains("sweep run", CliRunner.Run("report", cut).Out);
    }

    sealed class CancelOnFirstLine(CancellationTokenSource cts) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.StartsWith('[') == true) cts.Cancel();
        }
    }

    [Theory]
    [InlineData("""{ "command": "train", "envs": ["Acrobot-v1"], "meta": ["es"], "seeds": 2, "setting": {} }""", "\"setting\" is not a key of a sweep; allowed: command, envs")]
    [InlineData("""{ "command": "evaluate", "envs": ["Acrobot-v1"], "meta": ["es"], "seeds": 2 }""", "\"command\" is \"evaluate\"; allowed: train, baseline")]
    [InlineData("""{ "command": "train", "envs": ["Pendulum-v2"], "meta": ["es"], "seeds": 2 }""", "\"envs\" has \"Pendulum-v2\"; allowed: CartPole-v1")]
    [InlineData("""{ "command": "train", "envs": ["Acrobot-v1"], "meta": ["sgd"], "seeds": 2 }""", "\"meta\" has \"sgd\"; allowed: ppo, a2c, random, es, cmaes, ars")]
    [InlineData("""{ "command": "train", "envs": ["Acrobot-v1"], "algos": ["ppo"], "seeds": 2 }""", "\"algos\" goes with command baseline")]
    [InlineData("""{ "command": "train", "envs": ["Acrobot-v1"], "meta": ["es"], "seeds": 0 }""", "\"seeds\" is 0; allowed: a count 1 … 10000")]
    [InlineData("""{ "command": "train", "envs": ["Acrobot-v1"], "meta": ["es"], "seeds": [1, 1] }""", "\"seeds\" lists a seed twice")]
    [InlineData("""{ "command": "train", "envs": ["Acrobot-v1"], "meta": ["es"], "seeds": [-1] }""", "\"seeds\" has -1")]
    [InlineData("""{ "command": "train", "envs": ["Acrobot-v1"], "meta": ["es", "ars"], "seeds": 2, "control": "random" }""", "\"control\" is \"random\", which is not one of the sweep's meta: es, ars")]
    [InlineData("""{ "command": "train", "envs": ["Acrobot-v1"], "meta": ["es"], "seeds": 2, "settings": { "episodes": [3, 0] } }""", "train es on Acrobot-v1 with episodes=0: ")]
    [InlineData("""{ "command": "train", "envs": ["Acrobot-v1"], "meta": ["es"], "seeds": 2, "settings": { "learning_rate": 0.1 } }""", "with learning_rate=0.1: ")]
    [InlineData("""{ "command": "baseline", "envs": ["CartPole-v1"], "algos": ["ppo"], "seeds": 2, "settings": { "n_steps": "many" } }""", "baseline ppo on CartPole-v1 with n_steps=many: ")]
    [InlineData("""{ "command": "train", "envs": ["Acrobot-v1"], "meta": ["es"], "seeds": 2, "settings": { "steps": [5, 5] } }""", "settings \"steps\" lists an alternative twice")]
    [InlineData("""{ "command": "train", "envs": ["Acrobot-v1"], "meta": ["es"], "seeds": 2, "seeds": 3 }""", "the key 'seeds' appears twice")]
    public void ABadSpecIsRefusedByNameBeforeAnythingRuns(string json, string message)
    {
        string dir = Path.Combine(Directory.CreateTempSubdirectory("rein2-sweep-bad-").FullName, "out");
        var r = CliRunner.Run("sweep", Spec(json), "--out", dir);
        Assert.True(r.Code == 2, $"exit {r.Code}: {r.Err}");
        Assert.Contains(message, r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.False(Directory.Exists(dir), "something was written");
    }

    [Fact]
    public void StatusOfADirectoryThatIsNoGridSaysSo()
    {
        string dir = Directory.CreateTempSubdirectory("rein2-sweep-none-").FullName;
        var r = CliRunner.Run("sweep", "status", dir);
        Assert.Equal(2, r.Code);
        Assert.Contains("is not a grid directory: it has no jobs.txt", r.Err);
    }
}
