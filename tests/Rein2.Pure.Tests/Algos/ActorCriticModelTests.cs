// A saved and reloaded PPO/A2C model acts exactly as the trainer's own agent (normalisation with the
// frozen statistics, argmax or clipped mean), and allocates nothing per Act call.
using Rein2.Pure.Tests.Support;
using Rein2.Pure.Algos;
using Rein2.Pure.Io;

namespace Rein2.Pure.Tests.Algos;

public class ActorCriticModelTests
{
    [Theory]
    [InlineData("Acrobot-v1", true)]
    [InlineData("MountainCarContinuous-v0", true)]
    [InlineData("Pendulum-v1", false)]
    public void LoadedModelActsAsTheTrainersAgent(string env, bool normalize)
    {
        var o = OnPolicyOptions.Defaults(OnPolicyAlgo.Ppo) with { NEnvs = 2, NSteps = 16, BatchSize = 16, Normalize = normalize, TotalTimesteps = 96 };
        var t = new OnPolicyTrainer(env, o, 11);
        t.Learn();
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "m.bin");
        ModelFiles.SaveActorCritic(path, env, "ppo", t.Policy, t.Normalizer);
        var m = ModelFiles.LoadActorCritic(path);
        Assert.Equal(normalize, m.ObservationStats != null);
        int d = t.Policy.ObsDim, k = t.Policy.IsDiscrete ? 1 : t.Policy.ActionDim;
        var obs = Support.TestData.Uniform(50 * d, 3, -2, 2);
        var expected = new float[k]; var actual = new float[k];
        var trained = t.Agent;
        for (int i = 0; i < 50; i++)
        {
            trained.Act(obs.AsSpan(i * d, d), expected);
            m.Act(obs.AsSpan(i * d, d), actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void ActAllocatesNothingPerCall()
    {
        var o = OnPolicyOptions.Defaults(OnPolicyAlgo.Ppo) with { NEnvs = 1, NSteps = 8, BatchSize = 8, Normalize = true, TotalTimesteps = 8 };
        var t = new OnPolicyTrainer("CartPole-v1", o, 1);
        var m = new ActorCriticModel("CartPole-v1", new Rein2.Pure.Envs.DiscreteSpace(2), "ppo", t.Policy, t.Normalizer!.ObsRms.Mean, t.Normalizer.ObsRms.Var);
        var obs = new float[] { 0.1f, -0.2f, 0.03f, 0.4f };
        var a = new float[1];
        Allocations.AssertNonePerCall(n => { for (int i = 0; i < n; i++) m.Act(obs, a); }, 1000);
    }
}
