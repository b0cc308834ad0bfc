// Every episode and reset recorded from Gymnasium 1.0.0 (tests/Rein2.Pure.Tests/Golden), replayed bit for bit:
// same episode lengths and flags, every float32 observation identical, every reward identical as a
// double. Episodes whose seed is null continue the generator of the previous episode of their run.
using System.Text.Json;
using Rein2.Pure.Envs;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Envs;

public class GoldenEpisodeTests
{
    public static IEnumerable<object[]> EnvIds() => EnvRegistry.Ids.Select(id => new object[] { id });

    [Theory, MemberData(nameof(EnvIds))]
    public void EveryRecordedEpisodeReplaysBitForBit(string id)
    {
        var envs = new Dictionary<int, Env>();
        int episodes = 0, steps = 0;
        foreach (var doc in Golden.JsonLines($"{id}.jsonl"))
        {
            var e = doc.RootElement;
            int run = e.GetProperty("run").GetInt32(), episode = e.GetProperty("episode").GetInt32();
            string where = $"{id} run {run} episode {episode}";
            if (!envs.TryGetValue(run, out var env)) envs[run] = env = EnvRegistry.Make(id);
            var obs = new float[env.ObservationSize];
            var seed = e.GetProperty("seed");
            env.Reset(obs, seed.ValueKind == JsonValueKind.Null ? null : seed.GetUInt64());
            var expectedObs = e.GetProperty("obs").EnumerateArray().Select(o => o.Floats()).ToArray();
            AssertBits(expectedObs[0], obs, $"{where} reset");
            var actions = e.GetProperty("actions").EnumerateArray().ToArray();
            var rewards = e.GetProperty("rewards").Doubles();
            Assert.Equal(actions.Length + 1, expectedObs.Length);
            bool terminated = e.GetProperty("terminated").GetBoolean(), truncated = e.GetProperty("truncated").GetBoolean();
            for (int t = 0; t < actions.Length; t++)
            {
                StepResult r = actions[t].ValueKind == JsonValueKind.Array
                    ? env.Step(actions[t].Floats(), obs)
                    : env.Step(actions[t].GetInt32(), obs);
                AssertBits(expectedObs[t + 1], obs, $"{where} step {t + 1}");
                Assert.True(BitConverter.DoubleToInt64Bits(rewards[t]) == BitConverter.DoubleToInt64Bits(r.Reward),
                    $"{where} step {t + 1}: reward {r.Reward:R}, expected {rewards[t]:R}");
                bool last = t == actions.Length - 1;
                Assert.True((last ? terminated : false) == r.Terminated, $"{where} step {t + 1}: terminated {r.Terminated}");
                Assert.True((last ? truncated : false) == r.Truncated, $"{where} step {t + 1}: truncated {r.Truncated}");
                steps++;
            }
            episodes++;
        }
        Assert.True(episodes > 0, $"no golden episodes for {id}");
        Assert.True(steps > 0);
    }

    [Fact]
    public void EveryRecordedResetMatches()
    {
        int n = 0;
        foreach (var doc in Golden.JsonLines("resets.jsonl"))
        {
            var e = doc.RootElement;
            string id = e.GetProperty("env").GetString()!;
            var seed = e.GetProperty("seed");
            ulong s = seed.ValueKind == JsonValueKind.String ? ulong.Parse(seed.GetString()!) : seed.GetUInt64();
            var env = EnvRegistry.Make(id);
            var obs = new float[env.ObservationSize];
            env.Reset(obs, s);
            AssertBits(e.GetProperty("obs").Floats(), obs, $"{id} reset(seed={s})");
            n++;
        }
        Assert.True(n > 0);
    }

    static void AssertBits(float[] expected, float[] actual, string where)
    {
        Assert.True(expected.Length == actual.Length, $"{where}: obs length {actual.Length} vs {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"{where}: obs[{i}] = {actual[i]:R}, expected {expected[i]:R}");
    }
}
