// Every batched environment against B independent scalar environments seeded s+i. Exact mode:
// every flag, reward and observation (final and reset) bit-identical over whole episodes. Fast mode
// (vector sin/cos): identical flags and observations within 1e-6 over the first 40 steps under
// random actions (later, like any last-bit perturbation of a chaotic system, they may drift).
using FsCheck.Xunit;
using Rein2.Pure.Envs;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Tests.Envs;

public class VecEnvTests
{
    static void Compare(string id, int B, ulong seed, ulong actionSeed, int steps, TrigMode mode)
        => Compare(VecEnvRegistry.Make(id, B, mode), id, B, seed, actionSeed, steps, mode);

    static void Compare(VecEnv vec, string id, int B, ulong seed, ulong actionSeed, int steps, TrigMode mode)
    {
        vec.Reset(seed);
        var envs = Enumerable.Range(0, B).Select(_ => EnvRegistry.Make(id)).ToArray();
        int d = vec.ObservationSize;
        var obs = new float[B][];
        for (int i = 0; i < B; i++) { obs[i] = new float[d]; envs[i].Reset(obs[i], unchecked(seed + (ulong)i)); }
        var rng = new Pcg64(actionSeed);
        bool discrete = vec.ActionSpace is DiscreteSpace;
        int nActions = discrete ? ((DiscreteSpace)vec.ActionSpace).N : 0;
        var ia = new int[B]; var fa = new float[B];
        double tol = mode == TrigMode.Exact ? 0 : 1e-6;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < B; i++) { ia[i] = (int)rng.Integers(0, Math.Max(nActions, 1)); fa[i] = (float)rng.Uniform(-3, 3); }
            if (discrete) vec.Step(ia); else vec.Step(fa);
            for (int i = 0; i < B; i++)
            {
                var r = discrete ? envs[i].Step(ia[i], obs[i]) : envs[i].Step([fa[i]], obs[i]);
                string where = $"{id} {mode} B={B} step {t} lane {i}";
                Assert.True(r.Terminated == vec.Terminated[i] && r.Truncated == vec.Truncated[i], $"{where}: flags differ");
                Assert.True(Math.Abs(r.Reward - vec.Rewards[i]) <= tol * 100, $"{where}: reward {vec.Rewards[i]:R} vs {r.Reward:R}");
                var got = r.Done ? vec.FinalObservations : vec.Observations;
                for (int k = 0; k < d; k++)
                    Assert.True(Math.Abs(got[d * i + k] - obs[i][k]) <= tol, $"{where} obs[{k}]: {got[d * i + k]:R} vs {obs[i][k]:R}");
                if (r.Done)
                {
                    envs[i].Reset(obs[i]); // continues lane i's generator, as the vector env does
                    for (int k = 0; k < d; k++) Assert.Equal(obs[i][k], vec.Observations[d * i + k]);
                }
            }
        }
    }

    [Property(MaxTest = 10)]
    public void ExactModeIsBitIdenticalToScalar(ulong seed, ulong actionSeed, byte bRaw, byte envIndex)
        => Compare(EnvRegistry.Ids[envIndex % EnvRegistry.Ids.Count], bRaw % 21 + 1, seed, actionSeed, 600, TrigMode.Exact);

    // every SIMD width of the batched CartPole (8-lane, 4-lane, none), whatever this machine prefers
    [Property(MaxTest = 12)]
    public void CartPoleIsExactOnEverySimdPath(ulong seed, ulong actionSeed, byte bRaw, byte pathIndex)
    {
        var path = Support.TestData.AllPaths[pathIndex % 3];
        int B = bRaw % 21 + 1;
        Compare(new CartPoleVec(B, TrigMode.Exact, path), "CartPole-v1", B, seed, actionSeed, 600, TrigMode.Exact);
        Compare(new CartPoleVec(B, TrigMode.Fast, path), "CartPole-v1", B, seed, actionSeed, 40, TrigMode.Fast);
    }

    [Property(MaxTest = 10)]
    public void FastModeAgreesWithScalarEarlyInEpisodes(ulong seed, ulong actionSeed, byte bRaw, byte envIndex)
        => Compare(new[] { "CartPole-v1", "Acrobot-v1", "MountainCar-v0" }[envIndex % 3], bRaw % 21 + 1, seed, actionSeed, 40, TrigMode.Fast);

    [Fact]
    public void LongBalancedEpisodesReachTheTimeLimitInEveryLane()
    {
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

    [Fact]
    public void BadBatchesAreRefused()
    {
        var vec = VecEnvRegistry.Make("Acrobot-v1", 3);
        Assert.Throws<InvalidOperationException>(() => vec.Step([0, 1, 2]));
        vec.Reset(0);
        Assert.Contains("needs 3", Assert.Throws<ArgumentException>(() => vec.Step([0, 1])).Message);
        Assert.Contains("lane 2", Assert.Throws<ArgumentOutOfRangeException>(() => vec.Step([0, 1, 3])).Message);
        var pend = VecEnvRegistry.Make("Pendulum-v1", 2);
        pend.Reset(0);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => pend.Step([0f, float.NaN])).Message);
    }
}
