// `rein2 export` and ONNX files in `rein2 eval` / `rein2 render`: a saved agent of each kind exported
// and evaluated plays the same episodes as the file it came from; a torch model needs --env; what
// cannot be written or read is refused with exit 2 and one line naming it.
using System.Text.Json;
using Rein2.Pure.Tests.Io.Onnx;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Cli;

public class ExportCliTests
{
    static readonly string Dir = Directory.CreateTempSubdirectory("rein2-export-cli-").FullName;

    static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Theory]
    [InlineData("dqn", "CartPole-v1", "learning_starts=200", "q_network", "q_values,action")]
    [InlineData("ppo", "Acrobot-v1", "n_steps=32", "categorical", "logits,action,value")]   // VecNormalize baked in
    [InlineData("a2c", "Pendulum-v1", "n_steps=8", "gaussian", "action,value")]
    public void AnExportedModelPlaysTheSameEpisodes(string algo, string env, string set, string kind, string outputs)
    {
        string run = Path.Combine(Dir, algo);
        var r = CliRunner.Run("baseline", "--algo", algo, "--env", env, "--steps", "2000", "--eval-episodes", "1", "--out", run, "--set", set);
        Assert.True(r.Code == 0, r.Err);
        string onnx = Path.Combine(Dir, $"{algo}.onnx");
        var args = algo == "dqn" ? new[] { "export", Path.Combine(run, "model.bin"), "--onnx", onnx } : ["export", Path.Combine(run, "model.bin"), "--onnx", onnx, "--value"];
        r = CliRunner.Run(args);
        Assert.True(r.Code == 0, r.Err);
        var written = Json(r.Out);
        Assert.Equal(kind, written.GetProperty("kind").GetString());
        Assert.Equal(13, written.GetProperty("opset").GetInt32());
        Assert.Equal(outputs, string.Join(',', written.GetProperty("outputs").EnumerateArray().Select(o => o.GetString())));
        Assert.Equal(new FileInfo(onnx).Length, written.GetProperty("bytes").GetInt64());

        var native = CliRunner.Run("eval", Path.Combine(run, "model.bin"), "--episodes", "20", "--seed", "9");
        var imported = CliRunner.Run("eval", onnx, "--episodes", "20", "--seed", "9");
        Assert.True(imported.Code == 0, imported.Err);
        Assert.Equal(native.Out, imported.Out);
    }

    [Fact]
    public void ATrainedRein2AgentExportsAndRenders()
    {
        string run = Path.Combine(Dir, "rein2");
        Assert.Equal(0, CliRunner.Run("train", "--steps", "5", "--episodes", "1", "--out", run, "--set", "final_episodes=1", "--threads", "1").Code);
        string onnx = Path.Combine(Dir, "rein2.onnx");
        Assert.Equal(0, CliRunner.Run("export", Path.Combine(run, "best.agent"), "--onnx", onnx, "--opset", "17").Code);
        Assert.Equal(CliRunner.Run("eval", Path.Combine(run, "best.agent"), "--episodes", "5").Out, CliRunner.Run("eval", onnx, "--episodes", "5").Out);
        string svg = Path.Combine(Dir, "rein2.svg");
        var r = CliRunner.Run("render", onnx, "--out", svg);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("<svg", File.ReadAllText(svg));
    }

    [Fact]
    public void ATorchModelNeedsItsEnvironment()
    {
        string model = Path.Combine(OnnxGoldenTests.Dir, "dqn_cartpole_256x256_relu.onnx");
        var r = CliRunner.Run("eval", model, "--episodes", "3");
        Assert.Equal(2, r.Code);
        Assert.Contains("does not say which environment", r.Err);
        Assert.Contains("--env ID", r.Err);
        r = CliRunner.Run("eval", model, "--episodes", "3", "--env", "CartPole-v1");
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal(3, Json(r.Out).GetProperty("episodes").GetInt32());
        r = CliRunner.Run("eval", model, "--env", "Acrobot-v1");
        Assert.Equal(2, r.Code);
        Assert.Contains("Acrobot-v1 observations have 6 values", r.Err);
        string svg = Path.Combine(Dir, "torch.svg");
        Assert.Equal(0, CliRunner.Run("render", Path.Combine(OnnxGoldenTests.Dir, "ppo_pendulum_64x64_tanh_gaussian.onnx"), "--env", "Pendulum-v1", "--out", svg).Code);
    }

    [Fact]
    public void WhatCannotBeExportedIsRefused()
    {
        string run = Path.Combine(Dir, "refusals");
        Assert.Equal(0, CliRunner.Run("train", "--steps", "2", "--episodes", "1", "--out", run, "--set", "final_episodes=1", "--threads", "1").Code);
        string agent = Path.Combine(run, "best.agent");
        (string[] Args, string Says)[] cases =
        [
            (["export", agent], "export needs --onnx OUT.onnx"),
            (["export", agent, "--onnx", Path.Combine(Dir, "x.bin")], "ending in .onnx"),
            (["export", agent, "--onnx", Path.Combine(Dir, "x.onnx"), "--opset", "12"], "--opset 12 is out of range"),
            (["export", agent, "--onnx", Path.Combine(Dir, "x.onnx"), "--value"], "no value head"),
            (["export", agent, "--onnx", agent + ".onnx/"], "names a directory"),
            (["export", Path.Combine(OnnxGoldenTests.Dir, "dqn_mountaincar_32_matmul.onnx"), "--onnx", Path.Combine(Dir, "y.onnx")], "already an ONNX model"),
            (["export", Path.Combine(Dir, "missing.agent"), "--onnx", Path.Combine(Dir, "z.onnx")], "does not exist"),
        ];
        foreach (var (args, says) in cases)
        {
            var r = CliRunner.Run(args);
            Assert.True(r.Code == 2, $"{string.Join(' ', args)}: exit {r.Code}, {r.Err}");
            Assert.Contains(says, r.Err);
            Assert.Single(r.Err.Trim().Split('\n'));
        }
        Assert.False(File.Exists(Path.Combine(Dir, "x.onnx")));
    }
}
