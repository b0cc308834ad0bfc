// `rein2 render`: every built-in environment, random or an agent's actions, as one self-contained
// animated SVG — well-formed, no script and no external reference, one animation value and one
// caption per frame, small even for the longest episode; bad input refused by name.
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Rein2.Pure.Envs;

using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Cli;

public class RenderCliTests
{
    static readonly string Dir = Directory.CreateTempSubdirectory("rein2-render-").FullName;

    public static IEnumerable<object[]> EnvIds() => EnvRegistry.BuiltInIds.Select(id => new object[] { id });

    [Theory, MemberData(nameof(EnvIds))]
    public void EveryEnvironmentRendersAsASelfContainedAnimation(string id)
    {
        string path = Path.Combine(Dir, $"{id}.svg");
        var r = CliRunner.Run("render", "--env", id, "--seed", "2", "--episodes", "2", "--out", path);
        Assert.True(r.Code == 0, r.Err);
        string svg = File.ReadAllText(path);
        var doc = XDocument.Parse(svg); // well-formed
        Assert.Equal("svg", doc.Root!.Name.LocalName);
        Assert.DoesNotContain("<script", svg);
        Assert.Empty(Regex.Matches(svg, "href|url\\(").Cast<Match>());
        // one caption per frame; every animated transform has one value per frame
        int frames = Regex.Matches(svg, "<text x=\"12\" y=\"24\"").Count;
        var steps = Regex.Matches(svg, "step (\\d+) ·").Select(m => int.Parse(m.Groups[1].Value)).ToArray();
        Assert.Equal(frames, steps.Length);
        Assert.Equal(2, steps.Count(s => s == 0)); // two episodes, each from its reset frame
        foreach (Match m in Regex.Matches(svg, "<animateTransform[^>]*values=\"([^\"]*)\""))
            Assert.Equal(frames, m.Groups[1].Value.Split(';').Length);
        Assert.True(svg.Length < 600_000, $"{svg.Length} bytes for {frames} frames");
    }

    [Fact]
    public void TheLongestEpisodeStaysSmall()
    {
        // MountainCarContinuous runs 999 steps under random actions
        string path = Path.Combine(Dir, "long.svg");
        Assert.Equal(0, CliRunner.Run("render", "--env", "MountainCarContinuous-v0", "--out", path).Code);
        Assert.InRange(new FileInfo(path).Length, 10_000, 300_000);
    }

    [Fact]
    public void AnAgentFileIsPlayedGreedilyAndABadInputIsRefusedByName()
    {
        string run = Path.Combine(Dir, "agent-run");
        Assert.Equal(0, CliRunner.Run("train", "--steps", "5", "--episodes", "2", "--set", "final_episodes=2", "--set", "inner_net_arch=8,8", "--out", run).Code);
        string path = Path.Combine(Dir, "agent.svg");
        var ok = CliRunner.Run("render", Path.Combine(run, "best.agent"), "--out", path, "--speed", "2", "--size", "300x200");
        Assert.True(ok.Code == 0, ok.Err);
        string svg = File.ReadAllText(path);
        Assert.Contains("width=\"300\" height=\"200\"", svg);
        Assert.Contains("best.agent (greedy)", svg);

        var checkpoint = CliRunner.Run("render", Path.Combine(run, "checkpoint.bin"), "--out", path);
        Assert.Equal(2, checkpoint.Code);
        Assert.Contains("checkpoint", checkpoint.Err);
        Assert.Contains("--size", CliRunner.Run("render", "--env", "CartPole-v1", "--out", path, "--size", "huge").Err);
        Assert.Contains("--out", CliRunner.Run("render", "--env", "CartPole-v1").Err);
        Assert.Contains("holds an agent for CartPole-v1, not for Acrobot-v1", CliRunner.Run("render", Path.Combine(run, "best.agent"), "--env", "Acrobot-v1", "--out", path).Err);
    }
}
