// The environment checker passes every built-in environment and the well-made test corridor, and
// catches each planted defect with a message that says what is wrong.
using Rein2.Pure.Envs;

namespace Rein2.Pure.Tests.Custom;

public class EnvCheckerTests
{
    public static IEnumerable<object[]> BuiltInIds() => EnvRegistry.BuiltInIds.Select(id => new object[] { id });

    [Theory, MemberData(nameof(BuiltInIds))]
    public void BuiltInEnvironmentsPass(string id)
    {
        var report = EnvChecker.Check(EnvRegistry.Spec(id));
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void AWellMadeEnvironmentPassesWithoutWarnings()
    {
        var report = EnvChecker.Check(() => new Corridor());
        Assert.True(report.Passed, report.ToString());
        Assert.Empty(report.Warnings);
    }

    [Theory]
    [InlineData(typeof(ShortObservation), "value 1 of 2 was not written")]
    [InlineData(typeof(NaNAtFour), "non-finite observation")]
    [InlineData(typeof(OutsideTheBox), "outside the declared box")]
    [InlineData(typeof(NondeterministicReset), "is not deterministic")]
    [InlineData(typeof(ThrowsOnFifthStep), "the sensor cable came loose")]
    [InlineData(typeof(HiddenGlobalState), "diverged")]
    [InlineData(typeof(ForgetfulState), "SyncState must visit every field")]
    public void EachPlantedDefectIsCaught(Type defect, string expected)
    {
        var report = EnvChecker.Check(() => (Env)Activator.CreateInstance(defect)!);
        Assert.False(report.Passed, $"{defect.Name} passed the check");
        Assert.Contains(report.Errors, e => e.Contains(expected));
        var thrown = Assert.Throws<EnvironmentException>(report.ThrowIfFailed);
        Assert.Contains(expected, thrown.Message);
    }

    [Fact]
    public void StepAfterTheEndIsRefusedByTheBaseClassForEveryEnvironment()
    {
        // a user cannot plant this defect: Env refuses Step until Reset, which the checker confirms
        var env = new Corridor();
        var obs = new float[2];
        env.Reset(obs, 0);
        StepResult r;
        do r = env.Step(1, obs); while (!r.Done);
        Assert.Throws<InvalidOperationException>(() => env.Step(1, obs));
        Assert.True(EnvChecker.Check(() => new Corridor()).Passed);
    }

    [Fact]
    public void AnEnvironmentWithoutAStateHookPassesWithAWarning()
    {
        var report = EnvChecker.Check(() => new CorridorWithoutState());
        Assert.True(report.Passed, report.ToString());
        Assert.Contains(report.Warnings, w => w.Contains("SupportsCheckpoints is false"));
    }

    [Fact]
    public void ABoxNotScaledToUnitIsAWarning()
    {
        var report = EnvChecker.Check(() => new WideBoxCorridor());
        Assert.True(report.Passed, report.ToString());
        Assert.Contains(report.Warnings, w => w.Contains("[-1, 1]"));
        Assert.True(EnvChecker.Check(EnvRegistry.Spec("MountainCarContinuous-v0")).Warnings.Count == 0);
    }

    [Fact]
    public void TheQuickCheckCatchesADefectInTheFirstSteps()
    {
        Assert.False(EnvChecker.CheckQuick(new EnvSpec(() => new ShortObservation())).Passed);
        Assert.True(EnvChecker.CheckQuick(new EnvSpec(() => new Corridor())).Passed);
    }
}
