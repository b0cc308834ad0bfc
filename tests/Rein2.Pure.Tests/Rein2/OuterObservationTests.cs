// The outer environment's observation choices: the paper's difference, the RBV values, and the values
// with the last return appended — what each shows, and that a PPO meta-learner on the informative one
// (with VecNormalize) still resumes bit-identically.
using Rein2.Pure.Algos;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.MetaLearning;

public class OuterObservationTests
{
    static global::Rein2.Pure.Rein2.Rein2Options Options(global::Rein2.Pure.Rein2.OuterObservation obs) => global::Rein2.Pure.Rein2.Rein2Keys.Set(
        global::Rein2.Pure.Rein2.Rein2Keys.ApplyPreset(new global::Rein2.Pure.Rein2.Rein2Options { MetaSteps = 150, Episodes = 3, FinalEpisodes = 5, InnerNetArch = [16, 16], OuterObservation = obs }, "fast-update"),
        "meta.normalize", "true");

    [Fact]
    public void EachObservationShowsWhatItSays()
    {
        var values = new global::Rein2.Pure.Rein2.Rein2Trainer(Options(global::Rein2.Pure.Rein2.OuterObservation.ValuesAndReturn) with { MetaLearner = global::Rein2.Pure.Rein2.MetaLearner.Random, MetaOptions = null }, 1);
        var outer = values.Outer;
        Assert.Equal(outer.Rbv.Count + 1, outer.ObservationSize);
        values.Learn(pauseAtStep: 3);
        var obs = new float[outer.ObservationSize];
        outer.Observe(obs);
        var current = new float[outer.Rbv.Count];
        outer.Rbv.Read(outer.Inner.Net.Parameters, current);
        Assert.Equal(current, obs[..^1]);
        Assert.Equal((float)outer.LastReturn, obs[^1]);

        var diff = new global::Rein2.Pure.Rein2.Rein2Trainer(new global::Rein2.Pure.Rein2.Rein2Options { MetaLearner = global::Rein2.Pure.Rein2.MetaLearner.Random, MetaSteps = 10, InnerNetArch = [16, 16] }, 1);
        Assert.Equal(diff.Outer.Rbv.Count, diff.Outer.ObservationSize);
        Assert.Throws<InvalidSettingException>(() => global::Rein2.Pure.Rein2.Rein2Keys.Set(new global::Rein2.Pure.Rein2.Rein2Options(), "outer_obs", "everything"));
    }

    [Fact]
    public void PpoOnTheInformativeObservationResumesBitIdentically()
    {
        var o = Options(global::Rein2.Pure.Rein2.OuterObservation.ValuesAndReturn);
        var (whole, resumed) = Checkpointed.WholeAndResumed(() => new global::Rein2.Pure.Rein2.Rein2Trainer(o, 2),
            first => first.Learn(pauseAtStep: 97)); // mid-rollout: 64-step updates
        Assert.Equal(whole.Outer.BestValues, resumed.Outer.BestValues);
        Assert.Equal(whole.MetaTrainer!.Policy.Parameters, resumed.MetaTrainer!.Policy.Parameters);
    }
}
