// REIN-2's outer environment and runs: only RBV entries change, the observation is the action
// difference, the reward equals an independent scalar evaluation of the same weights, the RBV is
// deterministic per seed, agents round-trip, and a short run is bit-identical across runs and threads.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;
using Rein2.Pure.Meta;
using Rein2.Pure.Rng;

using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Meta;

public class Rein2Tests
{
    [Fact]
    public void TheOuterMdpObservesTheActionDifferenceAndIsRewardedByItsFitness()
    {
        var start = new float[] { 0.5f, -0.25f, 0f };
        var scored = new List<float[]>();
        var outer = new OuterEnv(start, 1.0, reward: a => { scored.Add(a.ToArray()); return a[0]; });
        outer.Reset(11);
        Assert.All(outer.Observations.ToArray(), v => Assert.Equal(0f, v)); // s₀ = 0
        var rng = new Pcg64(5);
        var prev = start;
        for (int t = 0; t < 4; t++)
        {
            var a = new float[3];
            for (int j = 0; j < 3; j++) a[j] = (float)rng.Uniform(-1.5, 1.5); // some outside the box
            outer.Step(a);
            var clipped = a.Select(v => Math.Clamp(v, -1f, 1f)).ToArray();
            Assert.Equal(clipped, scored[^1]);                  // the fitness sees the clipped action
            Assert.Equal(clipped[0], outer.Rewards[0]);
            for (int j = 0; j < 3; j++) Assert.Equal(clipped[j] - prev[j], outer.Observations[j]);
            prev = clipped;
        }
        // inside the trainer the reward is told, never computed by the MDP
        var told = new OuterEnv(start, 1.0);
        told.Reset(1);
        Assert.Throws<InvalidOperationException>(() => told.Step(new float[3]));
        told.TellReward(7);
        told.Step(new float[3]);
        Assert.Equal(7, told.Rewards[0]);
    }

    // each subset writes only its own weights: the best agent is θ₀ everywhere else
    [Theory]
    [InlineData(SubsetKind.Rbv, BoundMode.Absolute)]
    [InlineData(SubsetKind.Layer, BoundMode.Absolute)]
    [InlineData(SubsetKind.Layer, BoundMode.Offset)]
    [InlineData(SubsetKind.Subspace, BoundMode.Offset)]
    public void EachSubsetWritesOnlyItsWeights(SubsetKind subset, BoundMode mode)
    {
        var t = new Rein2Trainer(new Rein2Options { MetaLearner = MetaLearner.Random, MetaSteps = 30, Episodes = 2, InnerNetArch = [16, 16], Subset = subset, BoundMode = mode, SubspaceDim = 5 }, 3);
        var theta0 = t.InitialParameters.ToArray();
        var start = new float[t.Subset.Dimension];
        t.Subset.Start(start);
        var atStart = new float[t.Subset.Indices.Length];
        t.Subset.Write(start, atStart);
        Assert.Equal(t.Subset.Indices.ToArray().Select(i => theta0[i]), atStart);   // a₀ is the initialisation
        t.Learn();
        var best = t.BestParameters();
        var written = new HashSet<int>(t.Subset.Indices.ToArray());
        for (int i = 0; i < best.Length; i++)
            if (!written.Contains(i)) Assert.Equal(theta0[i], best[i]);
        Assert.Contains(Enumerable.Range(0, best.Length), i => best[i] != theta0[i]);
        Assert.Equal(subset switch { SubsetKind.Layer => 16 * 2 + 2, SubsetKind.Subspace => 5, _ => (int)Math.Round(0.01 * (4 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2)) }, t.Subset.Dimension);
        if (subset == SubsetKind.Subspace) Assert.Equal(best.Length, written.Count);   // moves every weight
    }

    [Fact]
    public void RewardEqualsAnIndependentScalarEvaluationOfTheSameWeights()
    {
        foreach (var env in new[] { "CartPole-v1", "Acrobot-v1", "MountainCar-v0" })
        {
            var q = new QNetwork(EnvRegistry.Make(env).ObservationSize, 3 - (env == "CartPole-v1" ? 1 : 0), [32, 32]);
            var rng = new Pcg64(2);
            q.InitializeTorchDefault(ref rng);
            var (mean, steps) = new InnerEvaluator(env, 6).Evaluate(new InnerNetwork(q, 6), 1234);
            double sum = 0; long count = 0;
            for (int i = 0; i < 6; i++)
            {
                var e = EnvRegistry.Make(env);
                var obs = new float[e.ObservationSize];
                e.Reset(obs, 1234UL + (ulong)i);
                while (true)
                {
                    var r = e.Step(q.Act(obs), obs);
                    sum += r.Reward; count++;
                    if (r.Done) break;
                }
            }
            Assert.Equal(sum / 6, mean);
            Assert.Equal(count, steps);
        }
    }

    [Fact]
    public void RbvSizeAndSelectionAreDeterministicPerSeed()
    {
        static Rein2Trainer T(ulong seed, string env = "CartPole-v1") => new(new Rein2Options { Env = env, MetaLearner = MetaLearner.Random }, seed);
        var a = T(3).Subset; var b = T(3).Subset; var c = T(4).Subset;
        Assert.Equal(676, a.Dimension); // round(0.01 · 67,586), as the Python reference
        Assert.Equal(a.Indices.ToArray(), b.Indices.ToArray());
        Assert.NotEqual(a.Indices.ToArray(), c.Indices.ToArray());
        Assert.Equal(a.Dimension, a.Indices.ToArray().Distinct().Count());
        Assert.Equal(684, T(0, "Acrobot-v1").Subset.Dimension);
        Assert.Equal(673, T(0, "MountainCar-v0").Subset.Dimension);
        Assert.Equal(T(3).InitialParameters.ToArray(), T(3).InitialParameters.ToArray());
    }

    static (float[] Best, double BestReturn, long Inner) ShortRun(MetaLearner meta)
    {
        var o = new Rein2Options { MetaLearner = meta, MetaSteps = 150, Episodes = 4 };
        if (meta != MetaLearner.Random) o = Rein2Keys.ApplyPreset(o, "fast-update");
        var t = new Rein2Trainer(o, 21);
        t.Learn();
        return (t.BestCandidate.ToArray(), t.BestReturn, t.InnerEnvSteps);
    }

    [Theory]
    [InlineData(MetaLearner.Ppo)]
    [InlineData(MetaLearner.A2c)]
    [InlineData(MetaLearner.Random)]
    public void ShortRunIsBitIdenticalAcrossRunsAndThreads(MetaLearner meta)
    {
        var a = ShortRun(meta);
        (float[] Best, double BestReturn, long Inner) b = default;
        var th = new Thread(() => b = ShortRun(meta));
        th.Start(); th.Join();
        Assert.Equal(a.Best, b.Best);
        Assert.Equal(a.BestReturn, b.BestReturn);
        Assert.Equal(a.Inner, b.Inner);
    }

    [Fact]
    public void AgentFileRoundTripsAndRejectsDamage()
    {
        var t = new Rein2Trainer(new Rein2Options { MetaLearner = MetaLearner.Random, MetaSteps = 20, Episodes = 2 }, 1);
        t.Learn();
        var best = ((GreedyQNetwork)t.ProducedAgent).WithParameters(t.BestParameters());
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "best.agent");
        AgentFile.Save(path, t.Agent);
        var loaded = AgentFile.Load(path);
        Assert.Equal("CartPole-v1", loaded.EnvId);
        var rng = new Pcg64(8); var obs = new float[4]; var action = new float[1];
        for (int i = 0; i < 1000; i++)
        {
            for (int j = 0; j < 4; j++) obs[j] = (float)rng.Uniform(-2, 2);
            loaded.Act(obs, action);
            Assert.Equal(best.Act(obs), (int)action[0]);
        }
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => AgentFile.Load(path)).Message);
        // the Q-network model kind DQN runs wrote before agents and models became one kind still loads
        ModelFiles.SaveQNetwork(path, "CartPole-v1", best);
        var old = AgentFile.Load(path);
        rng = new Pcg64(8);
        for (int i = 0; i < 200; i++)
        {
            for (int j = 0; j < 4; j++) obs[j] = (float)rng.Uniform(-2, 2);
            old.Act(obs, action);
            Assert.Equal(best.Act(obs), (int)action[0]);
        }
        // a checkpoint is not an agent
        CheckpointFile.Save(path, t);
        Assert.Contains("not an agent", Assert.Throws<InvalidDataException>(() => AgentFile.Load(path)).Message);
    }

    [Fact]
    public void AnEmbeddedAgentLoopAllocatesNothing()
    {
        // what samples/EmbedAgent does: loaded agent + scalar env, act/step until the episode ends
        var t = new Rein2Trainer(new Rein2Options { MetaLearner = MetaLearner.Random, MetaSteps = 5, Episodes = 2 }, 2);
        t.Learn();
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "a.agent");
        AgentFile.Save(path, t.Agent);
        var agent = AgentFile.Load(path);
        var env = EnvRegistry.Make("CartPole-v1");
        var obs = new float[4];
        var action = new float[1];
        env.Reset(obs, 1);
        void Loop(int n)
        {
            for (int i = 0; i < n; i++)
            {
                agent.Act(obs, action);
                var r = env.Step((int)action[0], obs);
                if (r.Done) env.Reset(obs);
            }
        }
        Allocations.AssertNonePerCall(Loop);
    }

    [Fact]
    public void ActAllocatesNothingPerCall()
    {
        var q = new QNetwork(4, 2, [256, 256]);
        var rng = new Pcg64(0); q.InitializeTorchDefault(ref rng);
        var obs = new float[] { 0.1f, -0.2f, 0.03f, 0.4f };
        int sink = 0;
        Allocations.AssertNonePerCall(n => { for (int i = 0; i < n; i++) sink += q.Act(obs); }, 1000);
        Assert.True(sink >= 0);
    }

    [Fact]
    public void TheFinalEvaluationReportsTheEpisodesLengths()
    {
        // CartPole pays 1 per step, so every episode's return is its length: the mean length must equal the mean return
        var t = new Rein2Trainer(new Rein2Options { Env = "CartPole-v1", MetaLearner = MetaLearner.Random, MetaSteps = 5, Episodes = 3, FinalEpisodes = 7, InnerNetArch = [16, 16] }, 2);
        t.Learn();
        var final = t.FinalEvaluation();
        Assert.Equal(7, final.Episodes);
        Assert.True(final.MeanLength >= 8, $"mean length {final.MeanLength}");
        Assert.Equal(final.Mean, final.MeanLength, 9);
    }
}
