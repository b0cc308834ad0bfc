// The batched CartPole against B independent scalar CartPoles seeded s+i: in Exact mode every flag,
// reward and observation (final and reset) is bit-identical; in Fast mode (vector sin/cos) flags and
// episode lengths agree under random actions and observations stay within 1e-6.
using FsCheck.Xunit;
using Rein2.Pure.Envs;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Tests.Envs;

public class CartPoleVecTests
{
    static void Compare(int B, ulong seed, ulong actionSeed, int steps, TrigMode mode)
    {
        var vec = new CartPoleVec(B, mode);
        vec.Reset(seed);
        var envs = Enumerable.Range(0, B).Select(_ => new CartPole()).ToArray();
        var obs = new float[B][];
        for (int i = 0; i < B; i++) { obs[i] = new float[4]; envs[i].Reset(obs[i], unchecked(seed + (ulong)i)); }
        var rng = new Pcg64(actionSeed);
        var actions = new int[B];
        double tol = mode == TrigMode.Exact ? 0 : 1e-6;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < B; i++) actions[i] = (int)rng.Integers(0, 2);
            vec.Step(actions);
            for (int i = 0; i < B; i++)
            {
                var r = envs[i].Step(actions[i], obs[i]);
                Assert.True(r.Terminated == vec.Terminated[i] && r.Truncated == vec.Truncated[i], $"B={B} step {t} lane {i}: flags differ");
                Assert.Equal(r.Reward, vec.Rewards[i]);
                var got = r.Done ? vec.FinalObservations : vec.Observations;
                for (int k = 0; k < 4; k++)
                    Assert.True(Math.Abs(got[4 * i + k] - obs[i][k]) <= tol, $"{mode} B={B} step {t} lane {i} obs[{k}]: {got[4 * i + k]:R} vs {obs[i][k]:R}");
                if (r.Done)
                {
                    envs[i].Reset(obs[i]); // continues lane i's generator, as the vector env does
                    for (int k = 0; k < 4; k++) Assert.Equal(obs[i][k], vec.Observations[4 * i + k]);
                }
            }
        }
    }

    [Property(MaxTest = 15)]
    public void ExactModeIsBitIdenticalToScalar(ulong seed, ulong actionSeed, byte bRaw)
        => Compare(bRaw % 37 + 1, seed, actionSeed, 400, TrigMode.Exact);

    [Property(MaxTest = 15)]
    public void FastModeAgreesWithScalarUnderRandomActions(ulong seed, ulong actionSeed, byte bRaw)
        => Compare(bRaw % 37 + 1, seed, actionSeed, 400, TrigMode.Fast);

    [Fact]
    public void LongBalancedEpisodesReachTheTimeLimitInBothPaths()
    {
        // a simple controller balances for 500 steps: truncation must coincide too (Exact mode)
        var vec = new CartPoleVec(8);
        vec.Reset(3);
        var acts = new int[8];
        int truncations = 0;
        for (int t = 0; t < 500; t++)
        {
            for (int i = 0; i < 8; i++) acts[i] = vec.Observations[4 * i + 2] + 0.5f * vec.Observations[4 * i + 3] > 0 ? 1 : 0;
            vec.Step(acts);
            for (int i = 0; i < 8; i++) if (vec.Truncated[i]) truncations++;
        }
        Assert.Equal(8, truncations);
    }
}
