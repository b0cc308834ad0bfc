// Model files round-trip and refuse damaged input; --set keys round-trip and name bad values.
using Rein2.Pure.Algos;
using Rein2.Pure.Io;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Tests.Algos;

public class FilesAndKeysTests
{
    [Fact]
    public void QNetworkFileRoundTripsAndActsIdentically()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        var q = new QNetwork(6, 3, [256, 256]);
        var rng = new Pcg64(4);
        q.InitializeTorchDefault(ref rng);
        string path = Path.Combine(dir, "q.bin");
        ModelFiles.SaveQNetwork(path, "Acrobot-v1", q);
        var (env, loaded) = ModelFiles.LoadQNetwork(path);
        Assert.Equal("Acrobot-v1", env);
        Assert.Equal(q.Net.Parameters.ToArray(), loaded.Net.Parameters.ToArray());
        var obs = new float[6];
        for (int i = 0; i < 1000; i++)
        {
            for (int j = 0; j < 6; j++) obs[j] = (float)rng.Uniform(-3, 3);
            Assert.Equal(q.Act(obs), loaded.Act(obs));
        }
        // damage: truncation, a flipped bit, the wrong kind
        byte[] good = File.ReadAllBytes(path);
        File.WriteAllBytes(path, good[..^9]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => ModelFiles.LoadQNetwork(path)).Message);
        var flipped = (byte[])good.Clone(); flipped[100] ^= 0x10;
        File.WriteAllBytes(path, flipped);
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => ModelFiles.LoadQNetwork(path)).Message);
        Container.Write(path, ContainerKind.Checkpoint, [1, 2, 3]);
        Assert.Contains("expected a Q-network model", Assert.Throws<InvalidDataException>(() => ModelFiles.LoadQNetwork(path)).Message);
        File.WriteAllText(path, "hello");
        Assert.Contains("not a Rein2.Pure file", Assert.Throws<InvalidDataException>(() => ModelFiles.LoadQNetwork(path)).Message);
    }

    [Fact]
    public void OptionKeysRoundTripThroughDescribe()
    {
        foreach (var algo in new[] { OnPolicyAlgo.Ppo, OnPolicyAlgo.A2c })
            foreach (var env in new[] { "CartPole-v1", "Acrobot-v1", "MountainCar-v0" })
            {
                var o = Presets.OnPolicy(algo, env);
                var rebuilt = OnPolicyOptions.Defaults(algo);
                foreach (var (k, v) in OptionKeys.Describe(o)) rebuilt = OptionKeys.Set(rebuilt, k, v);
                Assert.Equal(OptionKeys.Describe(o).ToArray(), OptionKeys.Describe(rebuilt).ToArray());
            }
        var d = Presets.Dqn("Acrobot-v1");
        var back = new DqnOptions();
        foreach (var (k, v) in OptionKeys.Describe(d)) back = OptionKeys.Set(back, k, v);
        Assert.Equal(OptionKeys.Describe(d).ToArray(), OptionKeys.Describe(back).ToArray());
    }

    [Theory]
    [InlineData("learning_rate", "-0.1", "learning_rate")]
    [InlineData("gamma", "1.5", "[0, 1]")]
    [InlineData("n_steps", "abc", "integer")]
    [InlineData("net_arch", "64,0", "net_arch")]
    [InlineData("colour", "red", "Unknown hyperparameter 'colour'")]
    public void BadValuesNameTheKeyAndTheAllowedRange(string key, string value, string expected)
    {
        var e = Assert.Throws<InvalidSettingException>(() => OptionKeys.Set(Presets.OnPolicy(OnPolicyAlgo.Ppo, "CartPole-v1"), key, value));
        Assert.Contains(expected, e.Message);
    }
}
