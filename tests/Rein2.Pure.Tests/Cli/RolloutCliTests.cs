// `rein2 rollout` run in-process against the golden episodes: a whole golden run (an episode with a
// seed followed by unseeded ones) fed as one action stream must reproduce every reset and step line.
using System.Globalization;
using System.Text.Json;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Cli;

public class RolloutCliTests
{
    static (int Code, string Out, string Err) Run(string stdin, params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int code = Rein2.Cli.CommandLine.Run(args, new StringReader(stdin), o, e);
        return (code, o.ToString(), e.ToString());
    }

    public static IEnumerable<object[]> EnvIds() => Pure.Envs.EnvRegistry.Ids.Select(id => new object[] { id });

    [Theory, MemberData(nameof(EnvIds))]
    public void AGoldenRunReplaysThroughTheCli(string id)
    {
        var episodes = Golden.JsonLines($"{id}.jsonl").Select(d => d.RootElement)
            .GroupBy(e => e.GetProperty("run").GetInt32())
            .Select(g => g.OrderBy(e => e.GetProperty("episode").GetInt32()).ToList())
            .First(g => g.Count > 1 && g.Skip(1).All(e => e.GetProperty("seed").ValueKind == JsonValueKind.Null));
        ulong seed = episodes[0].GetProperty("seed").GetUInt64();
        var actions = new List<string>();
        var expected = new List<(float[] Obs, double? Reward)>();
        foreach (var ep in episodes)
        {
            var obs = ep.GetProperty("obs").EnumerateArray().Select(o => o.Floats()).ToArray();
            var rewards = ep.GetProperty("rewards").Doubles();
            expected.Add((obs[0], null));
            int t = 0;
            foreach (var a in ep.GetProperty("actions").EnumerateArray())
            {
                actions.Add(a.ValueKind == JsonValueKind.Array ? a.GetRawText() : a.GetInt32().ToString(CultureInfo.InvariantCulture));
                expected.Add((obs[t + 1], rewards[t]));
                t++;
            }
        }
        var (code, output, err) = Run(string.Join('\n', actions) + "\n", "rollout", "--env", id, "--seed", seed.ToString(CultureInfo.InvariantCulture));
        Assert.True(code == 0, err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Count, lines.Length); // no reset line after the last action
        for (int i = 0; i < lines.Length; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            var got = doc.RootElement.GetProperty("obs").Floats();
            Assert.Equal(expected[i].Obs, got);
            if (expected[i].Reward is double r) Assert.Equal(r, doc.RootElement.GetProperty("reward").GetDouble());
            else Assert.False(doc.RootElement.TryGetProperty("reward", out _), $"line {i + 1} should be a reset line");
        }
    }

    [Fact]
    public void NoActionsWritesOnlyTheResetLine()
    {
        var (code, output, _) = Run("", "rollout", "--env", "MountainCar-v0", "--seed", "18446744073709551615");
        Assert.Equal(0, code);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("CartPole-v1", "0\n1\n2\n", "line 3", "outside Discrete(2)")]
    [InlineData("CartPole-v1", "0\nleft\n", "line 2", "not an integer")]
    [InlineData("Pendulum-v1", "[0.1]\n[1, 2]\n", "line 2", "JSON array of 1")]
    [InlineData("Pendulum-v1", "[\"x\"]\n", "line 1", "not a number")]
    public void BadActionsGiveExitCode2AndNameTheLine(string id, string input, string line, string problem)
    {
        var (code, output, err) = Run(input, "rollout", "--env", id, "--seed", "1");
        Assert.Equal(2, code);
        Assert.Contains(line, err);
        Assert.Contains(problem, err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        int written = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.Equal(int.Parse(line[5..]), written); // reset + every good step before the bad line
    }

    [Fact]
    public void UnknownEnvListsTheKnownOnes()
    {
        var (code, _, err) = Run("", "rollout", "--env", "LunarLander-v3");
        Assert.Equal(2, code);
        Assert.Contains("CartPole-v1", err);
        Assert.DoesNotContain("   at ", err); // no stack trace
    }

    [Fact]
    public void EnvsListsEveryEnvironment()
    {
        var (code, output, _) = Run("", "envs");
        Assert.Equal(0, code);
        foreach (var id in Pure.Envs.EnvRegistry.Ids) Assert.Contains(id, output);
    }
}
