// The divergence guard: a learning rate of 1e30 makes the first update produce NaN/∞. The run must
// stop with exit 1 and a one-line message — never an exception trace (DQN's Huber gradient once
// threw on NaN before the guard could speak) — and keep the last good checkpoint, from which a
// resumed run reaches the same divergence at the same step.
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Cli;

public class DivergenceTests
{
    static (int Code, string Err) Rein2(params string[] args)
    {
        var (code, _, err) = CliRunner.Run(args);
        return (code, err);
    }

    [Fact]
    public void PpoDivergenceStopsWithTheLastGoodCheckpointKept()
    {
        string dir = Directory.CreateTempSubdirectory("rein2-diverge-").FullName;
        var (code, err) = Rein2("baseline", "--algo", "ppo", "--steps", "5000", "--checkpoint-every", "128", "--set", "learning_rate=1e30", "--out", dir);
        Assert.Equal(1, code);
        Assert.Contains("diverged at env step 256", err);
        Assert.Contains("last good checkpoint is kept", err);
        Assert.Contains("(step 128)", err); // inside the first rollout: the update at its end diverges
        Assert.DoesNotContain("   at ", err);
        var resumed = Rein2("baseline", "--resume", dir);
        Assert.Equal(1, resumed.Code);
        Assert.Contains("diverged at env step 256", resumed.Err);
    }

    [Theory]
    [InlineData("dqn", "learning_starts=100")]
    [InlineData("a2c", "n_steps=8")]
    public void DivergenceIsAOneLineRuntimeFailure(string algo, string set)
    {
        string dir = Directory.CreateTempSubdirectory("rein2-diverge-").FullName;
        var (code, err) = Rein2("baseline", "--algo", algo, "--steps", "3000", "--set", "learning_rate=1e30", "--set", set, "--out", dir);
        Assert.Equal(1, code);
        Assert.Contains("diverged", err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void MetaLearnerDivergenceInTrainIsReported()
    {
        string dir = Directory.CreateTempSubdirectory("rein2-diverge-").FullName;
        var (code, err) = Rein2("train", "--steps", "40", "--episodes", "2", "--set", "meta.learning_rate=1e30", "--set", "meta.n_steps=8",
                                "--set", "meta.batch_size=8", "--set", "final_episodes=2", "--out", dir);
        Assert.Equal(1, code);
        Assert.Contains("diverged", err);
    }
}
