// One agent, many threads: a game server or a web API loads an agent once and lets every request
// thread call Act on it. Every agent kind — a DQN's, a REIN-2 produced agent, PPO/A2C on Discrete
// and Box actions, and each of them loaded back from its file — gives, from 8 threads at once,
// exactly the actions it gives on one thread, allocates nothing per call, and is a snapshot: the
// trainer going on does not change an agent it handed out.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;
using Rein2.Pure.Meta;
using Rein2.Pure.Rng;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Agents;

public class SharedAgentTests
{
    static readonly string Dir = Directory.CreateTempSubdirectory("rein2-shared-agents-").FullName;
    const int Threads = 8, Observations = 4_000;

    public static IEnumerable<object[]> Kinds() =>
        new[] { "dqn", "rein2", "rein2-actor", "rein2-scaled", "ppo-discrete", "a2c-discrete", "ppo-box", "a2c-box" }
            .SelectMany(k => new[] { new object[] { k, false }, new object[] { k, true } });

    // a partly trained agent of each kind (trained weights, and VecNormalize for the Box PPO)
    static (ITrainer Trainer, EnvSpec Env) Trained(string kind)
    {
        ITrainer t = kind switch
        {
            "dqn" => new DqnTrainer("CartPole-v1", Presets.Dqn("CartPole-v1") with { TotalTimesteps = 1_500, LearningStarts = 500 }, 3),
            "rein2" => new Rein2Trainer(new Rein2Options { Env = "CartPole-v1", MetaSteps = 20, Episodes = 2, MetaLearner = MetaLearner.Random }, 3),
            // REIN-2's deterministic actor (Box) and its Q-network on scaled observations (issue 32)
            "rein2-actor" => new Rein2Trainer(new Rein2Options { Env = "Pendulum-v1", MetaSteps = 20, Episodes = 2, MetaLearner = MetaLearner.Random, InnerObs = InnerObservation.Scaled }, 3),
            "rein2-scaled" => new Rein2Trainer(new Rein2Options { Env = "MountainCar-v0", MetaSteps = 20, Episodes = 2, MetaLearner = MetaLearner.Random, InnerObs = InnerObservation.Scaled }, 3),
            "ppo-discrete" => new OnPolicyTrainer("CartPole-v1", Presets.OnPolicy(OnPolicyAlgo.Ppo, "CartPole-v1") with { TotalTimesteps = 2_048 }, 3),
            "a2c-discrete" => new OnPolicyTrainer("CartPole-v1", Presets.OnPolicy(OnPolicyAlgo.A2c, "CartPole-v1") with { TotalTimesteps = 800 }, 3),
            "ppo-box" => new OnPolicyTrainer("Pendulum-v1", Presets.OnPolicy(OnPolicyAlgo.Ppo, "Pendulum-v1") with { TotalTimesteps = 2_048, Normalize = true }, 3),
            _ => new OnPolicyTrainer("MountainCarContinuous-v0", OnPolicyOptions.Defaults(OnPolicyAlgo.A2c) with { TotalTimesteps = 800 }, 3),
        };
        t.Learn();
        return (t, EnvRegistry.Spec(t.EnvId));
    }

    // observations spread over the box an agent meets (random states of the environment)
    static float[] ObservationsOf(EnvSpec spec)
    {
        var env = spec.Create();
        int d = env.ObservationSize;
        var all = new float[Observations * d];
        var obs = new float[d];
        var action = new float[env.ActionSpace.FlatSize];
        var rng = new Pcg64(11);
        env.Reset(obs, 11);
        for (int i = 0; i < Observations; i++)
        {
            obs.CopyTo(all, i * d);
            env.ActionSpace.Sample(ref rng, action);
            var r = env.ActionSpace is DiscreteSpace ? env.Step((int)action[0], obs) : env.Step(action, obs);
            if (r.Done) env.Reset(obs);
        }
        // and some far outside it, where ties and clipping happen
        for (int i = 0; i < Observations; i += 10) for (int j = 0; j < d; j++) all[i * d + j] *= 50;
        return all;
    }

    static float[] ActAll(IAgent agent, float[] observations, int from, int step)
    {
        int d = agent.ObservationSize, k = agent.ActionSpace.FlatSize;
        var actions = new float[Observations * k];
        for (int i = from; i < Observations; i += step)
            agent.Act(observations.AsSpan(i * d, d), actions.AsSpan(i * k, k));
        return actions;
    }

    [Theory, MemberData(nameof(Kinds))]
    public void EightThreadsOnOneAgentGiveTheSingleThreadedActions(string kind, bool loadedFromFile)
    {
        var (trainer, spec) = Trained(kind);
        IAgent agent = trainer.Agent;
        if (loadedFromFile)
        {
            string path = Path.Combine(Dir, $"{kind}.agent");
            AgentFile.Save(path, agent);
            agent = AgentFile.Load(path);
        }
        var obs = ObservationsOf(spec);
        var single = ActAll(agent, obs, 0, 1);

        // every thread acts on every observation, in its own order, many times over
        var results = new float[Threads][];
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            float[] mine = ActAll(agent, obs, 0, 1);
            for (int round = 0; round < 3; round++)
            {
                var again = ActAll(agent, obs, 0, 1);
                for (int i = 0; i < mine.Length; i++) if (BitConverter.SingleToInt32Bits(again[i]) != BitConverter.SingleToInt32Bits(mine[i])) mine[i] = float.NaN;
            }
            results[t] = mine;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        for (int t = 0; t < Threads; t++)
        {
            int differ = Enumerable.Range(0, single.Length).Count(i => BitConverter.SingleToInt32Bits(results[t][i]) != BitConverter.SingleToInt32Bits(single[i]));
            Assert.True(differ == 0, $"{kind}: thread {t} gave {differ} of {single.Length} action values different from one thread's");
        }
    }

    [Theory, MemberData(nameof(Kinds))]
    public void ActingAllocatesNothing(string kind, bool loadedFromFile)
    {
        var (trainer, spec) = Trained(kind);
        IAgent agent = trainer.Agent;
        if (loadedFromFile)
        {
            string path = Path.Combine(Dir, $"alloc-{kind}.agent");
            AgentFile.Save(path, agent);
            agent = AgentFile.Load(path);
        }
        var obs = new float[spec.ObservationSize];
        var action = new float[agent.ActionSpace.FlatSize];
        Allocations.AssertNonePerCall(n => { for (int i = 0; i < n; i++) agent.Act(obs, action); });
    }

    [Theory]
    [InlineData("dqn")]
    [InlineData("ppo-box")]
    [InlineData("rein2")]
    public void AnAgentIsASnapshotTheTrainerDoesNotChange(string kind)
    {
        var (trainer, spec) = Trained(kind);
        var agent = trainer.Agent;
        var obs = ObservationsOf(spec);
        var before = ActAll(agent, obs, 0, 1);
        // train on (a larger budget from here): the weights move, the agent handed out does not
        ITrainer more = kind switch
        {
            "dqn" => new DqnTrainer("CartPole-v1", Presets.Dqn("CartPole-v1") with { TotalTimesteps = 6_000, LearningStarts = 500 }, 3),
            "rein2" => new Rein2Trainer(new Rein2Options { Env = "CartPole-v1", MetaSteps = 200, Episodes = 2, MetaLearner = MetaLearner.Random }, 3),
            _ => new OnPolicyTrainer("Pendulum-v1", Presets.OnPolicy(OnPolicyAlgo.Ppo, "Pendulum-v1") with { TotalTimesteps = 8_192, Normalize = true }, 3),
        };
        var early = more.Agent;
        var earlyActions = ActAll(early, obs, 0, 1);
        more.Learn();
        Assert.Equal(earlyActions, ActAll(early, obs, 0, 1));
        Assert.NotEqual(earlyActions, ActAll(more.Agent, obs, 0, 1));
        Assert.Equal(before, ActAll(agent, obs, 0, 1));
    }
}
