// The outer environment's observation choices: the paper's difference, the RBV values, and the values
// with the last return appended — what each shows, and that a PPO meta-learner on the informative one
// (with VecNormalize) still resumes bit-identically.
using Rein2.Pure.Algos;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Meta;

public class OuterObservationTests
{
    static Rein2.Pure.Meta.Rein2Options Options(Rein2.Pure.Meta.OuterObservation obs) => Rein2.Pure.Meta.Rein2Keys.Set(
        Rein2.Pure.Meta.Rein2Keys.ApplyPreset(new Rein2.Pure.Meta.Rein2Options { MetaSteps = 150, Episodes = 3, FinalEpisodes = 5, InnerNetArch = [16, 16], OuterObservation = obs }, "fast-update"),
        "meta.normalize", "true");

    [Fact]
    public void EachObservationShowsWhatItSays()
    {
        var values = new Rein2.Pure.Meta.Rein2Trainer(Options(Rein2.Pure.Meta.OuterObservation.ValuesAndReturn) with { MetaLearner = Rein2.Pure.Meta.MetaLearner.Random, MetaOptions = null }, 1);
        var outer = values.Outer;
        Assert.Equal(outer.Rbv.Count + 1, outer.ObservationSize);
        values.Learn(pauseAtStep: 3);
        var obs = new float[outer.ObservationSize];
        outer.Observe(obs);
        var current = new float[outer.Rbv.Count];
        outer.Rbv.Read(outer.InnerParameters, current);
        Assert.Equal(current, obs[..^1]);
        Assert.Equal((float)outer.LastReturn, obs[^1]);

        var diff = new Rein2.Pure.Meta.Rein2Trainer(new Rein2.Pure.Meta.Rein2Options { MetaLearner = Rein2.Pure.Meta.MetaLearner.Random, MetaSteps = 10, InnerNetArch = [16, 16] }, 1);
        Assert.Equal(diff.Outer.Rbv.Count, diff.Outer.ObservationSize);
        Assert.Throws<InvalidSettingException>(() => Rein2.Pure.Meta.Rein2Keys.Set(new Rein2.Pure.Meta.Rein2Options(), "outer_obs", "everything"));
    }

    [Fact]
    public void PpoOnTheInformativeObservationResumesBitIdentically()
    {
        var o = Options(Rein2.Pure.Meta.OuterObservation.ValuesAndReturn);
        var (whole, resumed) = Checkpointed.WholeAndResumed(() => new Rein2.Pure.Meta.Rein2Trainer(o, 2),
            first => first.Learn(pauseAtStep: 97)); // mid-rollout: 64-step updates
        Assert.Equal(whole.Outer.BestValues, resumed.Outer.BestValues);
        Assert.Equal(whole.MetaTrainer!.Policy.Parameters, resumed.MetaTrainer!.Policy.Parameters);
    }
}
