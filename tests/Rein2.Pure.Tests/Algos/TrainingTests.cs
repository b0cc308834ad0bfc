// Short deterministic training runs (same seed ⇒ bit-identical parameters, also when run on another
// thread while the thread pool is busy), and a learning check: PPO with the Zoo preset solves
// CartPole within its budget.
using Rein2.Pure.Algos;

namespace Rein2.Pure.Tests.Algos;

public class TrainingTests
{
    static float[] RunOnPolicy(OnPolicyAlgo algo, string env, long steps, ulong seed)
    {
        var t = new OnPolicyTrainer(env, Presets.OnPolicy(algo, env) with { TotalTimesteps = steps }, seed);
        t.Learn();
        return t.Policy.Parameters.ToArray();
    }

    static float[] RunDqn(long steps, ulong seed)
    {
        var t = new DqnTrainer("CartPole-v1", Presets.Dqn("CartPole-v1") with { TotalTimesteps = steps, LearningStarts = 200, TrainFreq = 64, GradientSteps = 16 }, seed);
        t.Learn();
        return t.Q.Net.Parameters.ToArray();
    }

    [Theory]
    [InlineData(OnPolicyAlgo.Ppo, "CartPole-v1")]
    [InlineData(OnPolicyAlgo.A2c, "CartPole-v1")]
    [InlineData(OnPolicyAlgo.Ppo, "MountainCar-v0")] // with VecNormalize
    [InlineData(OnPolicyAlgo.A2c, "Acrobot-v1")]     // with VecNormalize
    public void OnPolicyRunsAreBitIdenticalAcrossRunsAndThreads(OnPolicyAlgo algo, string env)
    {
        var a = RunOnPolicy(algo, env, 4096, 7);
        float[] b = [];
        var th = new Thread(() => b = RunOnPolicy(algo, env, 4096, 7));
        ThreadPool.QueueUserWorkItem(_ => Thread.SpinWait(10_000_000)); // a busy pool must not matter
        th.Start(); th.Join();
        Assert.Equal(a, b);
        Assert.NotEqual(a, RunOnPolicy(algo, env, 4096, 8)); // and the seed matters
    }

    [Fact]
    public void DqnRunsAreBitIdentical()
    {
        var a = RunDqn(3000, 3);
        float[] b = [];
        var th = new Thread(() => b = RunDqn(3000, 3));
        th.Start(); th.Join();
        Assert.Equal(a, b);
    }

    // SB3's collect_rollouts always collects whole train_freq rollouts, so the zoo CartPole run ends at
    // 196 × 256 = 50,176 env steps with 193 train() calls of 128 gradient steps (sb3-zoo.md §DQN).
    [Fact]
    public void DqnCollectsWholeTrainFreqRolloutsAsSb3()
    {
        var o = Presets.Dqn("CartPole-v1") with { TotalTimesteps = 2000, NetArch = [8] };
        var t = new DqnTrainer("CartPole-v1", o, 0);
        t.Learn();
        Assert.Equal(2048, t.NumTimesteps);                  // 8 × 256
        Assert.Equal(5 * 128, t.GradientStepsDone);          // train() once past learning_starts: at 1024, 1280, 1536, 1792, 2048
    }

    [Fact]
    public void PpoZooPresetSolvesCartPole()
    {
        var t = new OnPolicyTrainer("CartPole-v1", Presets.OnPolicy(OnPolicyAlgo.Ppo, "CartPole-v1"), 0);
        t.Learn();
        var r = Evaluation.Run(Rein2.Pure.Envs.EnvRegistry.Spec("CartPole-v1"), t.Agent, 20, 123);
        Assert.True(r.Mean >= 475, $"PPO CartPole evaluation mean {r.Mean}");
    }
}
