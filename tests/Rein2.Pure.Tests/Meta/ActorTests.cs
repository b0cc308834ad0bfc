// REIN-2 for Box actions (issue 32): the produced agent is a deterministic actor — its tanh output
// stretched over the action box. Its actions equal a dense forward pass; its score is what its saved
// agent plays, episode for episode; it round-trips through its file and ONNX; its runs resume
// bit-identically and are the same on every thread count; the CLI trains it on both Box envs.
using Rein2.Pure.Algos;
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;
using Rein2.Pure.Meta;
using Rein2.Pure.Nn;
using Rein2.Pure.Rng;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Meta;

public class ActorTests
{
    static Rein2Options Small(string env, MetaLearner meta = MetaLearner.Es) => new() { Env = env, MetaLearner = meta, MetaSteps = 40, Episodes = 3, FinalEpisodes = 4, InnerNetArch = [16, 16] };

    [Fact]
    public void TheActorsActionIsTheDenseForwardStretchedOverTheBox()
    {
        var box = new BoxSpace([-2f, 0f], [2f, 5f]);
        var layout = new MlpLayout([3, 8, 2], Activation.Relu, Activation.Tanh);
        var net = new Mlp(layout);
        var rng = new Pcg64(3);
        Init.TorchDefault(net, ref rng);
        var agent = new ActorAgent("x", layout, net.Parameters, box);
        var obs = new float[3];
        var action = new float[2];
        for (int i = 0; i < 500; i++)
        {
            for (int j = 0; j < 3; j++) obs[j] = (float)rng.Uniform(-3, 3);
            agent.Act(obs, action);
            var y = net.Forward(obs, 1);   // the training forward pass, tanh at the output
            for (int k = 0; k < 2; k++)
            {
                float want = Math.Clamp((box.Low[k] + box.High[k]) / 2 + y[k] * (box.High[k] - box.Low[k]) / 2, box.Low[k], box.High[k]);
                Assert.Equal(want, action[k], 5);
                Assert.InRange(action[k], box.Low[k], box.High[k]);
            }
        }
        Assert.Throws<ArgumentException>(() => new ActorAgent("x", new MlpLayout([3, 8, 2], Activation.Relu), net.Parameters, box));   // not tanh
    }

    // the score the run kept is what the saved agent plays: the lockstep lanes act exactly as ActorAgent.Act
    [Theory]
    [InlineData("Pendulum-v1", InnerObservation.Raw)]
    [InlineData("MountainCarContinuous-v0", InnerObservation.Scaled)]
    public void TheRunsScoreIsWhatItsSavedAgentPlays(string env, InnerObservation obs)
    {
        var t = new Rein2Trainer(Small(env) with { InnerObs = obs }, 1);
        t.Learn();
        var final = t.FinalEvaluation();
        string path = Path.Combine(Directory.CreateTempSubdirectory("rein2-actor-").FullName, "best.agent");
        AgentFile.Save(path, t.Agent);
        var agent = AgentFile.Load(path);
        Assert.IsType<ActorAgent>(agent);
        double sum = 0;
        var spec = EnvRegistry.Spec(env);
        for (int i = 0; i < final.Episodes; i++)
        {
            var e = spec.Create();
            var o = new float[e.ObservationSize];
            var a = new float[e.ActionSpace.FlatSize];
            e.Reset(o, final.Seed!.Value + (ulong)i);
            while (true)
            {
                agent.Act(o, a);
                var r = e.Step(a, o);
                sum += r.Reward;
                if (r.Done) break;
            }
        }
        Assert.Equal(final.Mean, sum / final.Episodes, 9);
        // ONNX out and back in acts alike
        string onnx = Path.ChangeExtension(path, ".onnx");
        Assert.Equal("deterministic_actor", AgentFile.SaveOnnx(onnx, agent).Kind);
        var back = AgentFile.Load(onnx);
        var rng = new Pcg64(2);
        var x = new float[spec.ObservationSize];
        float[] a1 = new float[spec.ActionSpace.FlatSize], a2 = new float[spec.ActionSpace.FlatSize];
        for (int i = 0; i < 1000; i++)
        {
            for (int j = 0; j < x.Length; j++) x[j] = (float)rng.Uniform(-1, 1);
            agent.Act(x, a1); back.Act(x, a2);
            for (int k = 0; k < a1.Length; k++) Assert.Equal(a1[k], a2[k], 5);
        }
    }

    static byte[] State(Rein2Trainer t)
    {
        var bytes = new MemoryStream();
        using (var w = new BinaryWriter(bytes, System.Text.Encoding.UTF8, true)) t.Sync(StateArchive.ForSaving(w));
        return bytes.ToArray();
    }

    [Theory]
    [InlineData(MetaLearner.Es), InlineData(MetaLearner.Ppo)]
    public void AnActorsRunResumesBitIdenticallyAndIsTheSameOnEveryThreadCount(MetaLearner meta)
    {
        var o = Small("Pendulum-v1", meta);
        if (meta == MetaLearner.Ppo) o = Rein2Keys.ApplyPreset(o, "fast-update");
        var (whole, resumed) = Checkpointed.WholeAndResumed(() => new Rein2Trainer(o, 7), first => first.Learn(pauseAtStep: 17));
        Assert.Equal(State(whole), State(resumed));
        var threaded = new Rein2Trainer(o with { Threads = 3 }, 7);
        threaded.Learn();
        Assert.Equal(State(whole), State(threaded));
    }

    [Theory]
    [InlineData("Pendulum-v1")]
    [InlineData("MountainCarContinuous-v0")]
    public void TheCliTrainsReinTwoOnBoxEnvironments(string env)
    {
        string dir = Path.Combine(Directory.CreateTempSubdirectory("rein2-box-").FullName, "run");
        var r = CliRunner.Run("train", "--env", env, "--meta", "es", "--steps", "12", "--episodes", "2", "--set", "final_episodes=3", "--set", "inner_net_arch=16,16", "--out", dir);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains($"REIN-2 es {env}", r.Out);
        var eval = CliRunner.Run("eval", Path.Combine(dir, "best.agent"), "--episodes", "2");
        Assert.True(eval.Code == 0, eval.Err);
        Assert.IsType<ActorAgent>(AgentFile.Load(Path.Combine(dir, "best.agent")));
    }
}
