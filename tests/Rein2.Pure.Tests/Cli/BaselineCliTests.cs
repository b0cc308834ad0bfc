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
        int code = Rein2.Cli.Cli.Run(["baseline", "--algo", algo, "--env", env, "--steps", "1500", "--eval-episodes", "2", "--out", dir, "--set", "learning_rate=1e-3"],
                                     new StringReader(""), o, e);
        Assert.True(code == 0, e.ToString());
        foreach (var f in new[] { "summary.json", "progress.csv", "monitor.csv", "model.bin" }) Assert.True(File.Exists(Path.Combine(dir, f)), f);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        foreach (var k in new[] { "algo", "env", "seed", "hyperparameters", "env_steps", "wall_s", "env_steps_per_s", "final_eval_mean", "final_eval_std", "solved_at_env_step" })
            Assert.True(doc.RootElement.TryGetProperty(k, out _), $"summary.json lacks {k}");
        Assert.Equal("0.001", doc.RootElement.GetProperty("hyperparameters").GetProperty("learning_rate").GetString());
    }

    [Fact]
    public void BadSetIsAUsageErrorNamingTheKey()
    {
        var e = new StringWriter();
        int code = Rein2.Cli.Cli.Run(["baseline", "--algo", "ppo", "--set", "clip_range=-1"], new StringReader(""), new StringWriter(), e);
        Assert.Equal(2, code);
        Assert.Contains("clip_range", e.ToString());
    }
}
