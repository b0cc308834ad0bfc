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
        var values = new Rein2.Pure.Meta.Rein2Trainer(Options(Rein2.Pure.Meta.OuterObservation.ValuesAndReturn), 1);
        var outer = ((Rein2.Pure.Meta.PolicyGradientMetaLearner)values.MetaLearner).Mdp;
        Assert.Equal(values.Subset.Dimension + 1, outer.ObservationSize);
        values.Learn(pauseAtStep: 3);
        var obs = outer.Observations.ToArray();
        Assert.Equal(outer.Current.ToArray(), obs[..^1]);
        Assert.Equal((float)values.LastReturn, obs[^1]);
        Assert.Equal((float)outer.LastReturn, obs[^1]);

        var diff = new Rein2.Pure.Meta.Rein2Trainer(new Rein2.Pure.Meta.Rein2Options { MetaSteps = 10, InnerNetArch = [16, 16] }, 1);
        Assert.Equal(diff.Subset.Dimension, ((Rein2.Pure.Meta.PolicyGradientMetaLearner)diff.MetaLearner).Mdp.ObservationSize);
        Assert.Throws<InvalidSettingException>(() => Rein2.Pure.Meta.Rein2Keys.Set(new Rein2.Pure.Meta.Rein2Options(), "outer_obs", "everything"));
    }

    [Fact]
    public void PpoOnTheInformativeObservationResumesBitIdentically()
    {
        var o = Options(Rein2.Pure.Meta.OuterObservation.ValuesAndReturn);
        var (whole, resumed) = Checkpointed.WholeAndResumed(() => new Rein2.Pure.Meta.Rein2Trainer(o, 2),
            first => first.Learn(pauseAtStep: 97)); // mid-rollout: 64-step updates
        Assert.Equal(whole.BestCandidate.ToArray(), resumed.BestCandidate.ToArray());
        Assert.Equal(((Rein2.Pure.Meta.PolicyGradientMetaLearner)whole.MetaLearner).Policy.Parameters, ((Rein2.Pure.Meta.PolicyGradientMetaLearner)resumed.MetaLearner).Policy.Parameters);
    }
}
