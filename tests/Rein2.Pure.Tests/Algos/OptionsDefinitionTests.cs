// One definition per setting: every key's text form round-trips through its parser, Validate uses
// the same ranges as the parser (a typed value the parser would refuse is refused by Validate too),
// and the typed traps are closed: a 9-layer network, a setting of the other algorithm, meta options
// of the wrong algorithm.
using Rein2.Pure.Algos;
using Rein2.Pure.Meta;

namespace Rein2.Pure.Tests.Algos;

public class OptionsDefinitionTests
{
    [Fact]
    public void EveryKeyRoundTripsThroughItsTextForm()
    {
        foreach (var algo in new[] { OnPolicyAlgo.Ppo, OnPolicyAlgo.A2c })
        {
            var o = Presets.OnPolicy(algo, "Acrobot-v1");
            // compared by their text form: the record's NetArch is a list, which record equality compares by reference
            foreach (var (k, v) in OptionKeys.Describe(o)) Assert.Equal(OptionKeys.Describe(o), OptionKeys.Describe(OptionKeys.Set(o, k, v)));
            Assert.Equal(OptionKeys.KeysFor(algo), OptionKeys.Describe(o).Select(kv => kv.Key));
        }
        var d = Presets.Dqn("MountainCar-v0");
        foreach (var (k, v) in OptionKeys.Describe(d)) Assert.Equal(OptionKeys.Describe(d), OptionKeys.Describe(OptionKeys.Set(d, k, v)));
        var r = new Rein2Options { MetaLearner = MetaLearner.A2c, RbvFraction = 0.02, InnerNetArch = [32, 16] };
        foreach (var (k, v) in Rein2Keys.Describe(r)) Assert.Equal(Rein2Keys.Describe(r), Rein2Keys.Describe(Rein2Keys.Set(r, k, v)));
    }

    [Fact]
    public void ATypedValueThatNoKeyCouldSetIsRefusedByValidate()
    {
        // before, net_arch was range-checked only by the parser: a typed 9-layer PPO trained, saved, and its model would not load
        var nine = OnPolicyOptions.Defaults(OnPolicyAlgo.Ppo) with { NetArch = [8, 8, 8, 8, 8, 8, 8, 8, 8] };
        Assert.Contains("net_arch=8,8,8,8,8,8,8,8,8 is out of range", Assert.Throws<InvalidSettingException>(nine.Validate).Message);
        Assert.Throws<InvalidSettingException>(() => OptionKeys.Set(OnPolicyOptions.Defaults(OnPolicyAlgo.Ppo), "net_arch", "8,8,8,8,8,8,8,8,8"));
        var dqn = new DqnOptions { NetArch = [] };
        Assert.Contains("net_arch", Assert.Throws<InvalidSettingException>(dqn.Validate).Message);
        Assert.Throws<InvalidSettingException>(new DqnOptions { Tau = 0 }.Validate);
        Assert.Throws<InvalidSettingException>(new Rein2Options { InnerNetArch = [0] }.Validate);
    }

    [Fact]
    public void ASettingOfTheOtherAlgorithmIsRefused()
    {
        var a2c = OnPolicyOptions.Defaults(OnPolicyAlgo.A2c);
        Assert.Equal(OnPolicyAlgo.A2c, a2c.Algo);
        Assert.Equal(5, a2c.NSteps);
        Assert.True(a2c.UseRmsProp);
        var e = Assert.Throws<InvalidSettingException>((a2c with { NEpochs = 10 }).Validate);
        Assert.Contains("n_epochs=10 does not apply to a2c", e.Message);
        Assert.Throws<InvalidSettingException>((OnPolicyOptions.Defaults(OnPolicyAlgo.Ppo) with { UseRmsProp = true }).Validate);
        Assert.Contains("does not apply to a2c", Assert.Throws<InvalidSettingException>(() => OptionKeys.Set(a2c, "clip_range", "0.1")).Message);
    }

    [Fact]
    public void MetaOptionsMustBelongToTheMetaLearner()
    {
        var wrong = new Rein2Options { MetaLearner = MetaLearner.A2c, MetaOptions = OnPolicyOptions.Defaults(OnPolicyAlgo.Ppo) };
        Assert.Contains("meta=a2c but MetaOptions are PPO's", Assert.Throws<InvalidSettingException>(wrong.Validate).Message);
        var random = new Rein2Options { MetaLearner = MetaLearner.Random, MetaOptions = OnPolicyOptions.Defaults(OnPolicyAlgo.Ppo) };
        Assert.Contains("no PPO/A2C hyperparameters", Assert.Throws<InvalidSettingException>(random.Validate).Message);
        Assert.Throws<InvalidSettingException>(() => Rein2Keys.ApplyPreset(new Rein2Options { MetaLearner = MetaLearner.Random }, "fast-update"));
        var fast = Rein2Keys.ApplyPreset(new Rein2Options { MetaLearner = MetaLearner.A2c }, "fast-update");
        fast.Validate();
        Assert.Equal(OnPolicyAlgo.A2c, fast.EffectiveMetaOptions.Algo);
    }
}
