// The four models torch 1.13 exported (Golden/onnx, provenance in its README) load through
// AgentFile.Load with the environment given, and give torch's outputs for torch's 64 observations:
// the values before the action (q_values, logits, the clipped mean) within the tolerance torch's own
// summation order allows, the actions exactly.
using System.Text.Json;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;
using Rein2.Pure.Io.Onnx;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Io.Onnx;

public class OnnxGoldenTests
{
    public static string Dir => Path.Combine(Golden.Root, "onnx");

    public static readonly TheoryData<string> Models = new()
    {
        "dqn_cartpole_256x256_relu", "dqn_mountaincar_32_matmul", "ppo_acrobot_64x64_tanh_vecnormalize", "ppo_pendulum_64x64_tanh_gaussian",
    };

    [Fact]
    public void TheCarriedFilesAreTheRecordedOnes()
    {
        Golden.AssertRecorded(Path.Combine(Dir, "SHA256SUMS"), 8, name => File.ReadAllBytes(Path.Combine(Dir, name)));
    }

    [Theory, MemberData(nameof(Models))]
    public void TorchModelsGiveTorchOutputs(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Dir, name + ".json")));
        var root = json.RootElement;
        var spec = EnvRegistry.Spec(root.GetProperty("env").GetString()!);
        var agent = Assert.IsType<OnnxAgent>(AgentFile.Load(Path.Combine(Dir, name + ".onnx"), spec));
        var expected = root.GetProperty("expected");
        string kind = root.GetProperty("kind").GetString()!;
        string valuesName = kind == "q" ? "q_values" : kind == "categorical" ? "logits" : "action";
        var obsRows = root.GetProperty("obs").EnumerateArray().Select(r => r.Floats()).ToArray();
        var valueRows = expected.GetProperty(valuesName).EnumerateArray().Select(r => r.Floats()).ToArray();
        Assert.Equal(64, obsRows.Length);
        var values = new float[valueRows[0].Length];
        var action = new float[values.Length];
        for (int i = 0; i < obsRows.Length; i++)
        {
            agent.Act(obsRows[i], action);
            if (kind == "gaussian") { Close.All(action, valueRows[i], 1e-5, 1e-6, $"{name} row {i} action"); continue; }
            agent.Values(obsRows[i], values);
            Close.All(values, valueRows[i], 1e-5, 1e-6, $"{name} row {i} {valuesName}");
            Assert.Equal(expected.GetProperty("action")[i].GetInt64(), (long)action[0]);
        }
    }

    [Fact]
    public void TheGraphsCompileToTheExpectedSteps()
    {
        string Steps(string name, string env) => ((OnnxAgent)AgentFile.Load(Path.Combine(Dir, name + ".onnx"), EnvRegistry.Spec(env))).Description;
        Assert.Equal("Linear 4→256, Relu, Linear 256→256, Relu, Linear 256→2, argmax", Steps("dqn_cartpole_256x256_relu", "CartPole-v1"));
        Assert.Equal("Linear 2→32, Relu, Linear 32→3, argmax", Steps("dqn_mountaincar_32_matmul", "MountainCar-v0"));
        Assert.Equal("Sub, Div, Clip, Linear 6→64, Tanh, Linear 64→64, Tanh, Linear 64→3, argmax", Steps("ppo_acrobot_64x64_tanh_vecnormalize", "Acrobot-v1"));
        Assert.Equal("Linear 3→64, Tanh, Linear 64→64, Tanh, Linear 64→1, Clip, clip to the box", Steps("ppo_pendulum_64x64_tanh_gaussian", "Pendulum-v1"));
    }
}
