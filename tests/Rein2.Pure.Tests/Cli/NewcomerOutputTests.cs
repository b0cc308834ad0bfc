// What a newcomer reads (issue 31): figures printed as a person reads them, the seeds an evaluation
// used, what the environment checker checked, why a budget became whole rollouts, a table cell that
// is only an untrained policy said so, plots of a forged log that say what they left out, and text
// from a run directory that reaches a page escaped — control and bidi characters visible, not live.
using System.Text.Json;
using Rein2.Cli;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Cli;

public class NewcomerOutputTests
{
    static string NewDir() => Directory.CreateTempSubdirectory("rein2-newcomer-").FullName;

    [Fact]
    public void ResultsPrintRoundedWithTheirSeed()
    {
        var r = new EvalResult(100, 403.29999999999995, 85.09, 120, 500, 403.3) { Seed = 7 };
        Assert.Equal("mean 403.3 ± 85.1 over 100 episodes (min 120.0, max 500.0, mean length 403.3; seed 7)", r.ToString());
        var e = Evaluation.Run(EnvRegistry.Spec("CartPole-v1"), 2, 42, (_, a) => a[0] = 0);
        Assert.Equal(42UL, e.Seed);
        var s = new Rein2.Pure.Io.OnnxExportSummary("q_network", 13, ["q_values", "action"], 12345);
        Assert.Equal("q_network, opset 13, outputs q_values, action, 12,345 bytes", s.ToString());
    }

    [Fact]
    public void TheCheckerSaysWhatItChecked()
    {
        string text = EnvChecker.Check(EnvRegistry.Spec("CartPole-v1")).ToString();
        Assert.StartsWith("CartPole-v1: passed 7 checks", text);
        foreach (var said in new[] { "the spaces", "Reset(seed 0)", "actions outside Discrete(n) are refused", "episode(s) of random actions", "replay", "after an episode ended", "saved and restored" })
            Assert.Contains(said, text);
    }

    [Fact]
    public void EvalAndTrainNameTheSeedsTheyUsed()
    {
        string dir = NewDir();
        var train = CliRunner.Run("train", "--meta", "random", "--steps", "5", "--episodes", "2", "--set", "final_episodes=3", "--out", Path.Combine(dir, "r"));
        Assert.True(train.Code == 0, train.Err);
        Assert.Matches(@"re-evaluated on 3 fresh episodes: .* \(re-evaluation seed \d+; rein2 eval uses --seed, default 0\)", train.Out);
        var eval = CliRunner.Run("eval", Path.Combine(dir, "r", "best.agent"), "--episodes", "2", "--seed", "9");
        Assert.Equal(9, JsonDocument.Parse(eval.Out).RootElement.GetProperty("seed").GetInt64());
    }

    [Fact]
    public void ABudgetRoundedUpToWholeRolloutsSaysWhy()
    {
        var r = CliRunner.Run("baseline", "--algo", "ppo", "--env", "CartPole-v1", "--steps", "300", "--eval-episodes", "1", "--out", Path.Combine(NewDir(), "b"));
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("512 env steps for a budget of 300: PPO/A2C learn in whole rollouts of n_steps × n_envs = 256, as SB3 does", r.Out);
    }

    [Fact]
    public void ATableRowBelowItsFirstUpdateIsSaidToBeTheUntrainedPolicy()
    {
        string dir = Path.Combine(NewDir(), "t");
        var r = CliRunner.Run("reproduce", "table1", "--scale", "0.01", "--seeds", "1", "--out", dir);
        Assert.True(r.Code == 0, r.Err);
        string md = File.ReadAllText(Path.Combine(dir, "table1.md"));
        Assert.Contains("Note: PPO (Zoo) never reaches its first update here (256 env steps", md);
        Assert.Contains("its cells are its untrained initial policy", md);
    }

    [Fact]
    public void APlotOfAForgedLogSaysWhatItLeftOutAndDrawsNoNaN()
    {
        string dir = NewDir(), csv = Path.Combine(dir, "progress.csv");
        File.WriteAllText(csv, "step,y\n1,1\n2,1e308\n3,-1e308\n4,2\n");
        var r = CliRunner.Run("plot", csv, "--x", "step", "--y", "y", "--out", Path.Combine(dir, "p.svg"));
        Assert.True(r.Code == 0, r.Err);
        string svg = File.ReadAllText(Path.Combine(dir, "p.svg"));
        Assert.DoesNotContain("NaN", svg);
        Assert.DoesNotContain("Infinity", svg);
        Assert.Contains("2 values beyond ±1e300 not drawn", svg);
    }

    [Theory]
    [InlineData("a\0b", "a\\x00b")]
    [InlineData("\u001b[31mred", "\\x1B[31mred")]
    [InlineData("exe.\u202Etxt", "exe.\\u202Etxt")]
    [InlineData("<b>&", "&lt;b&gt;&amp;")]
    [InlineData("line\nbreak\ttab", "line\nbreak\ttab")]
    public void TextFromARunReachesAPageEscapedWithHiddenCharactersVisible(string text, string html) =>
        Assert.Equal(html, Markup.Escape(text));

    [Fact]
    public void ThePublishAndContainerBuildsLeaveNoUntrackedOutput()
    {
        string repo = DocPages.Repo();
        var gitignore = File.ReadAllLines(Path.Combine(repo, ".gitignore"));
        Assert.Contains("publish/", gitignore);   // the README's `-o publish`
        var dockerignore = File.ReadAllLines(Path.Combine(repo, ".dockerignore"));
        foreach (var p in new[] { "**/bin/", "**/obj/", "runs/", "publish/" }) Assert.Contains(p, dockerignore);
        Assert.DoesNotContain("-o bin", File.ReadAllText(Path.Combine(repo, "docs", "learn", "README.md")));
    }
}
