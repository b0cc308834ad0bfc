// `rein2 baseline` with a tiny budget for each algorithm: exit 0 and the promised files and keys.
using System.Text.Json;

namespace Rein2.Pure.Tests.Cli;

public class BaselineCliTests
{
    [Theory]
    [InlineData("ppo", "CartPole-v1")]
    [InlineData("a2c", "Acrobot-v1")]
    [InlineData("dqn", "MountainCar-v0")]
    public void TinyRunWritesEveryOutput(string algo, string env)
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        var o = new StringWriter(); var e = new StringWriter();
        int code = Rein2.Cli.CommandLine.Run(["baseline", "--algo", algo, "--env", env, "--steps", "1500", "--eval-episodes", "2", "--out", dir, "--set", "learning_rate=1e-3"],
                                     new StringReader(""), o, e);
        Assert.True(code == 0, e.ToString());
        foreach (var f in new[] { "summary.json", "progress.csv", "monitor.csv", "model.bin" }) Assert.True(File.Exists(Path.Combine(dir, f)), f);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        foreach (var k in new[] { "algo", "env", "seed", "hyperparameters", "env_steps", "wall_s", "env_steps_per_s", "final_eval_mean", "final_eval_std", "solved_at_env_step" })
            Assert.True(doc.RootElement.TryGetProperty(k, out _), $"summary.json lacks {k}");
        Assert.Equal("0.001", doc.RootElement.GetProperty("hyperparameters").GetProperty("learning_rate").GetString());
    }

    // The saved model, loaded by `rein2 eval`, must play exactly as the trained policy did in the
    // baseline's own final evaluation (same seed: seed + 1000004, 100 episodes): parameters,
    // normalisation statistics and the deterministic action rule all survive the file.
    [Theory]
    [InlineData("ppo", "Acrobot-v1", "--set", "n_steps=32")] // VecNormalize statistics in the file
    [InlineData("a2c", "Pendulum-v1", "--set", "n_steps=8")] // continuous: clipped Gaussian mean
    [InlineData("dqn", "CartPole-v1", "--set", "learning_starts=200")]
    public void EvalOfTheSavedModelReproducesTheFinalEvaluation(string algo, string env, string set, string kv)
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        var e = new StringWriter();
        int code = Rein2.Cli.CommandLine.Run(["baseline", "--algo", algo, "--env", env, "--steps", "2000", "--eval-episodes", "1", "--out", dir, set, kv],
                                     new StringReader(""), new StringWriter(), e);
        Assert.True(code == 0, e.ToString());
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        var o = new StringWriter();
        code = Rein2.Cli.CommandLine.Run(["eval", Path.Combine(dir, "model.bin"), "--seed", "1000004", "--episodes", "100"], new StringReader(""), o, e);
        Assert.True(code == 0, e.ToString());
        using var ev = JsonDocument.Parse(o.ToString());
        Assert.Equal(summary.RootElement.GetProperty("final_eval_mean").GetDouble(), ev.RootElement.GetProperty("mean").GetDouble());
        Assert.Equal(summary.RootElement.GetProperty("final_eval_std").GetDouble(), ev.RootElement.GetProperty("std").GetDouble());
    }

    [Fact]
    public void BadSetIsAUsageErrorNamingTheKey()
    {
        var e = new StringWriter();
        int code = Rein2.Cli.CommandLine.Run(["baseline", "--algo", "ppo", "--set", "clip_range=-1"], new StringReader(""), new StringWriter(), e);
        Assert.Equal(2, code);
        Assert.Contains("clip_range", e.ToString());
    }
}

public class TrainCliTests
{
    [Fact]
    public void TrainThenEvalTheSavedAgent()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        var e = new StringWriter();
        int code = Rein2.Cli.CommandLine.Run(["train", "--steps", "20", "--episodes", "3", "--out", dir, "--set", "final_episodes=5"], new StringReader(""), new StringWriter(), e);
        Assert.True(code == 0, e.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        foreach (var k in new[] { "env", "meta", "seed", "rbv", "episodes", "meta_steps", "inner_env_steps", "wall_s", "meta_steps_per_s", "best_mean", "final_eval_mean" })
            Assert.True(doc.RootElement.TryGetProperty(k, out _), $"summary.json lacks {k}");
        Assert.Equal(21, File.ReadAllLines(Path.Combine(dir, "progress.csv")).Length);
        var o = new StringWriter();
        Assert.Equal(0, Rein2.Cli.CommandLine.Run(["eval", Path.Combine(dir, "best.agent"), "--episodes", "7"], new StringReader(""), o, new StringWriter()));
        using var ev = JsonDocument.Parse(o.ToString());
        Assert.Equal(7, ev.RootElement.GetProperty("episodes").GetInt32());
        Assert.Equal("CartPole-v1", ev.RootElement.GetProperty("env").GetString());
    }

    [Theory]
    [InlineData(new[] { "train", "--rbv", "1.5" }, "rbv")]
    [InlineData(new[] { "train", "--episodes", "0" }, "episodes")]
    [InlineData(new[] { "train", "--meta", "sac" }, "allowed: ppo, a2c, random")]
    [InlineData(new[] { "eval", "/nonexistent/agent" }, "agent file /nonexistent/agent does not exist")]
    public void BadInputIsExitCode2WithTheProblemNamed(string[] args, string expected)
    {
        var e = new StringWriter();
        Assert.Equal(2, Rein2.Cli.CommandLine.Run(args, new StringReader(""), new StringWriter(), e));
        Assert.Contains(expected, e.ToString());
    }
}

public class ConfigCliTests
{
    [Fact]
    public void PrintConfigRoundTripsThroughConfigAndFlagsWinOverTheFile()
    {
        string dir = Directory.CreateTempSubdirectory().FullName, cfg = Path.Combine(dir, "c.json");
        var o = new StringWriter();
        Assert.Equal(0, Rein2.Cli.CommandLine.Run(["train", "--print-config", "--set", "meta.n_steps=64", "--set", "bound=0.5"], new StringReader(""), o, new StringWriter()));
        File.WriteAllText(cfg, o.ToString());
        var again = new StringWriter();
        Assert.Equal(0, Rein2.Cli.CommandLine.Run(["train", "--config", cfg, "--print-config"], new StringReader(""), again, new StringWriter()));
        Assert.Equal(o.ToString(), again.ToString());
        var flag = new StringWriter();
        Assert.Equal(0, Rein2.Cli.CommandLine.Run(["train", "--config", cfg, "--rbv", "0.05", "--print-config"], new StringReader(""), flag, new StringWriter()));
        using var doc = JsonDocument.Parse(flag.ToString());
        Assert.Equal("0.05", doc.RootElement.GetProperty("rbv").GetString());
        // complete: what identifies the run too, so the file alone remakes it
        Assert.Equal("CartPole-v1", doc.RootElement.GetProperty("env").GetString());
        Assert.Equal("ppo", doc.RootElement.GetProperty("meta").GetString());
        Assert.Equal("0", doc.RootElement.GetProperty("seed").GetString());
        Assert.Equal("0.5", doc.RootElement.GetProperty("bound").GetString());
    }

    [Theory]
    [InlineData("ppo", "CartPole-v1")]
    [InlineData("a2c", "MountainCar-v0")]
    [InlineData("dqn", "Acrobot-v1")]
    public void BaselinePrintConfigRoundTrips(string algo, string env)
    {
        string cfg = Path.Combine(Directory.CreateTempSubdirectory().FullName, "c.json");
        var o = new StringWriter();
        Assert.Equal(0, Rein2.Cli.CommandLine.Run(["baseline", "--algo", algo, "--env", env, "--print-config", "--set", "gamma=0.95"], new StringReader(""), o, new StringWriter()));
        File.WriteAllText(cfg, o.ToString());
        var again = new StringWriter();
        Assert.Equal(0, Rein2.Cli.CommandLine.Run(["baseline", "--algo", algo, "--env", env, "--config", cfg, "--print-config"], new StringReader(""), again, new StringWriter()));
        Assert.Equal(o.ToString(), again.ToString());
        Assert.Contains("\"gamma\": \"0.95\"", o.ToString());
        Assert.Contains($"\"algo\": \"{algo}\"", o.ToString());
        Assert.Contains($"\"env\": \"{env}\"", o.ToString());
    }

    [Theory]
    [InlineData("{\"rbv\": 0}", "rbv")]
    [InlineData("{\"episodes\": -3}", "episodes")]
    [InlineData("{\"meta.learning_rate\": -1}", "learning_rate")]
    [InlineData("{\"colour\": 1}", "Unknown setting 'colour'")]
    [InlineData("not json", "c.json, line 1, column 2: ")]
    public void BadConfigIsExitCode2NamingTheKey(string json, string expected)
    {
        string cfg = Path.Combine(Directory.CreateTempSubdirectory().FullName, "c.json");
        File.WriteAllText(cfg, json);
        var e = new StringWriter();
        Assert.Equal(2, Rein2.Cli.CommandLine.Run(["train", "--config", cfg], new StringReader(""), new StringWriter(), e));
        Assert.Contains(expected, e.ToString());
        Assert.DoesNotContain("   at ", e.ToString());
    }
}

public class BenchCliTests
{
    [Fact]
    public void BenchPrintsTheSimdPathAndOnlyTheChosenWorkloads()
    {
        var o = new StringWriter();
        Assert.Equal(0, Rein2.Cli.CommandLine.Run(["bench", "forward B=1"], new StringReader(""), o, new StringWriter()));
        var lines = o.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("SIMD: ", lines[0]);
        Assert.Single(lines.Skip(1));
        Assert.Matches(@"^mlp 4-256-256-2 forward B=1 +[0-9.]+ ns per call", lines[1]);
    }
}
