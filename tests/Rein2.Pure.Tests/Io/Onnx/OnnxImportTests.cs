// Export → import: the loaded agent acts like the exported one (10,000 observations; bit for bit where
// no VecNormalize is baked in, since the same kernels run), finds its environment in the metadata, acts
// without allocating and gives the same actions from 8 threads at once.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;
using Rein2.Pure.Io.Onnx;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Io.Onnx;

public class OnnxImportTests
{
    static readonly string Dir = Directory.CreateTempSubdirectory("rein2-onnx-import-").FullName;

    static (IAgent Native, IAgent Imported) RoundTrip(string name)
    {
        var agent = OnnxAgents.All().First(a => a.Name == name).Agent;
        string path = Path.Combine(Dir, name + ".onnx");
        AgentFile.SaveOnnx(path, agent, new OnnxExportOptions { IncludeValue = agent is ActorCriticModel });
        return (agent, AgentFile.Load(path));   // no environment given: the metadata names it
    }

    [Theory]
    [InlineData("dqn-cartpole")]
    [InlineData("rein2-acrobot")]
    [InlineData("ppo-acrobot-vecnormalize")]
    [InlineData("a2c-pendulum")]
    public void AnExportedAgentLoadsAndActsTheSame(string name)
    {
        var (native, imported) = RoundTrip(name);
        Assert.Equal(native.EnvId, imported.EnvId);
        Assert.Equal(native.ObservationSize, imported.ObservationSize);
        Assert.Equal(native.ActionSpace.ToString(), imported.ActionSpace.ToString());
        int d = native.ObservationSize, k = native.ActionSpace.FlatSize;
        var obs = OnnxAgents.Observations(10_000, d, 5);
        var a = new float[k]; var b = new float[k];
        bool normalized = native is ActorCriticModel { Normalizer: not null };
        for (int r = 0; r < 10_000; r++)
        {
            native.Act(obs.AsSpan(r * d, d), a);
            imported.Act(obs.AsSpan(r * d, d), b);
            // VecNormalize runs in float64 in the native agent and as float32 Sub/Div/Clip in ONNX
            if (normalized && native.ActionSpace is BoxSpace) Close.All(b, a, 1e-5, 1e-6, $"{name} row {r}");
            else Assert.True(a.SequenceEqual(b), $"{name} row {r}: native {string.Join(", ", a)}, imported {string.Join(", ", b)}");
        }
    }

    [Fact]
    public void ImportedAgentsActWithoutAllocating()
    {
        foreach (var name in new[] { "dqn-cartpole", "ppo-acrobot-vecnormalize", "a2c-pendulum" })
        {
            var (_, agent) = RoundTrip(name);
            var obs = OnnxAgents.Observations(64, agent.ObservationSize, 3);
            var action = new float[agent.ActionSpace.FlatSize];
            Allocations.AssertNonePerCall(n =>
            {
                for (int i = 0; i < n; i++) agent.Act(obs.AsSpan(i % 64 * agent.ObservationSize, agent.ObservationSize), action);
            });
        }
    }

    [Fact]
    public void OneImportedAgentServesManyThreads()
    {
        var (_, agent) = RoundTrip("ppo-acrobot-vecnormalize");
        int d = agent.ObservationSize, rows = 20_000;
        var obs = OnnxAgents.Observations(rows, d, 11);
        var expected = new float[rows];
        var one = new float[1];
        for (int r = 0; r < rows; r++) { agent.Act(obs.AsSpan(r * d, d), one); expected[r] = one[0]; }
        var got = new float[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            got[t] = new float[rows];
            var action = new float[1];
            for (int i = 0; i < rows; i++) { int r = (i + t * 997) % rows; agent.Act(obs.AsSpan(r * d, d), action); got[t][r] = action[0]; }
        });
        foreach (var g in got) Assert.Equal(expected, g);
    }

    [Fact]
    public void TheModelCarriesItsEnvironmentAndVersion()
    {
        var agent = OnnxAgents.All().First(a => a.Name == "ppo-acrobot-vecnormalize").Agent;
        string path = Path.Combine(Dir, "meta.onnx");
        AgentFile.SaveOnnx(path, agent);
        var m = OnnxCodec.Read(File.ReadAllBytes(path));
        Assert.Equal((7L, 13L), (m.IrVersion, m.Opset));
        Assert.Equal("Acrobot-v1", m.Meta("rein2.env_id"));
        Assert.Equal("categorical", m.Meta("rein2.kind"));
        Assert.Equal("ppo", m.Meta("rein2.algo"));
        Assert.Equal("Discrete(3)", m.Meta("rein2.action_space"));
        Assert.Equal(EnvRegistry.Spec("Acrobot-v1").ObservationSpace.ToString(), m.Meta("rein2.observation_space"));
        Assert.Equal(RunSummary.Version, m.Meta("rein2.version"));
        Assert.Equal(["logits", "action"], m.Outputs.Select(o => o.Name));
        Assert.Equal("batch", m.Inputs[0].Shape![0].Param);
        Assert.Equal(["Sub", "Div", "Clip", "Gemm", "Tanh", "Gemm", "Tanh", "Gemm", "ArgMax"], m.Nodes.Select(n => n.OpType));
    }

    [Fact]
    public void ExportRefusesWhatItCannotWrite()
    {
        var q = OnnxAgents.All().First().Agent;
        string path = Path.Combine(Dir, "refused.onnx");
        Assert.Contains("opset 12", Assert.Throws<InvalidSettingException>(() => AgentFile.SaveOnnx(path, q, new OnnxExportOptions { Opset = 12 })).Message);
        Assert.Contains("no value head", Assert.Throws<InvalidSettingException>(() => AgentFile.SaveOnnx(path, q, new OnnxExportOptions { IncludeValue = true })).Message);
        Assert.False(File.Exists(path));
    }
}
