// The generic batch adapter has SB3's VecEnv semantics: over the scalar built-in environments it
// reproduces the hand-written batched forms bit for bit — observations, rewards, flags, final
// observations across same-step auto-resets — and a misbehaving user environment stops the run at
// the step it misbehaved, with the step named.
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Envs;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Tests.Custom;

public class EnvBatchTests
{
    [Theory]
    [InlineData("CartPole-v1", 7)]
    [InlineData("Acrobot-v1", 3)]
    [InlineData("MountainCar-v0", 9)]
    [InlineData("Pendulum-v1", 4)]
    public void GenericBatchEqualsTheHandWrittenBatchBitForBit(string id, int lanes)
    {
        var scalarSpec = new EnvSpec(() => EnvRegistry.Make(id)); // a user spec: no batched form
        var generic = scalarSpec.CreateBatched(lanes);
        Assert.IsType<EnvBatch>(generic);
        var builtIn = EnvRegistry.Spec(id).CreateBatched(lanes);
        Assert.IsNotType<EnvBatch>(builtIn);
        generic.Reset(42); builtIn.Reset(42);
        var rng = new Pcg64(3);
        int resets = 0;
        for (int t = 0; t < 1200; t++)
        {
            Assert.Equal(builtIn.Observations, generic.Observations);
            if (generic.ActionSpace is DiscreteSpace d)
            {
                var a = new int[lanes];
                for (int i = 0; i < lanes; i++) a[i] = (int)rng.Integers(0, d.N);
                generic.Step(a); builtIn.Step(a);
            }
            else
            {
                var a = new float[lanes];
                for (int i = 0; i < lanes; i++) a[i] = (float)rng.Uniform(-2, 2);
                generic.Step(a); builtIn.Step(a);
            }
            Assert.Equal(builtIn.Rewards, generic.Rewards);
            Assert.Equal(builtIn.Terminated, generic.Terminated);
            Assert.Equal(builtIn.Truncated, generic.Truncated);
            for (int i = 0; i < lanes; i++)
                if (builtIn.Terminated[i] || builtIn.Truncated[i])
                {
                    resets++;
                    int d0 = generic.ObservationSize;
                    Assert.Equal(builtIn.FinalObservations.Slice(i * d0, d0).ToArray(), generic.FinalObservations.Slice(i * d0, d0).ToArray());
                }
        }
        Assert.True(resets > 0, "no episode ended: the auto-reset path was not exercised");
    }

    [Fact]
    public void AnEnvironmentsOwnTruncationIsKeptAndTheTimeLimitAdded()
    {
        var batch = new EnvSpec(() => new Corridor()).CreateBatched(2);
        batch.Reset(0);
        int[] left = [0, 0];
        for (int t = 1; t <= 50; t++)
        {
            batch.Step(left);
            Assert.Equal(t == 50, batch.Truncated[0]);
            Assert.False(batch.Terminated[0]);
        }
    }

    [Fact]
    public void ANaNObservationStopsTheRunAtThatStep()
    {
        var batch = new EnvSpec(() => new NaNAtFour()).CreateBatched(3);
        batch.Reset(0);
        var e = Assert.Throws<EnvironmentException>(() => { for (int t = 0; t < 20; t++) batch.Step([1, 1, 1]); });
        Assert.Contains("non-finite observation", e.Message);
        Assert.Contains("Corridor-v0 (lane", e.Message);
        Assert.Matches(@"batch step \d+, episode step \d+", e.Message);
    }

    [Fact]
    public void AnExceptionInStepIsWrappedWithTheLaneAndStep()
    {
        var batch = new EnvSpec(() => new ThrowsOnFifthStep()).CreateBatched(2);
        batch.Reset(0);
        var e = Assert.Throws<EnvironmentException>(() => { for (int t = 0; t < 20; t++) batch.Step([1, 0]); });
        Assert.Contains("lane 0", e.Message);
        Assert.Contains("batch step 5", e.Message);
        Assert.Contains("the sensor cable came loose", e.Message);
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public void ACheckpointedBatchContinuesBitIdentically()
    {
        var spec = new EnvSpec(() => new Corridor());
        var a = spec.CreateBatched(4); a.Reset(9);
        var rng = new Pcg64(1);
        int[] Act() { var x = new int[4]; for (int i = 0; i < 4; i++) x[i] = (int)rng.Integers(0, 2); return x; }
        for (int t = 0; t < 37; t++) a.Step(Act());
        var bytes = new MemoryStream();
        using (var w = new BinaryWriter(bytes, System.Text.Encoding.UTF8, true)) a.Sync(StateArchive.ForSaving(w));
        var b = spec.CreateBatched(4);
        bytes.Position = 0;
        using (var r = new BinaryReader(bytes)) b.Sync(StateArchive.ForLoading(r));
        for (int t = 0; t < 200; t++)
        {
            var x = Act();
            a.Step(x); b.Step(x);
            Assert.Equal(a.Observations, b.Observations);
            Assert.Equal(a.Rewards, b.Rewards);
            Assert.Equal(a.Truncated, b.Truncated);
        }
    }

    [Fact]
    public void CheckpointingAnEnvironmentWithoutAStateHookIsRefusedWithTheReason()
    {
        var batch = new EnvSpec(() => new CorridorWithoutState()).CreateBatched(2);
        batch.Reset(0);
        using var w = new BinaryWriter(new MemoryStream());
        var e = Assert.Throws<NotSupportedException>(() => batch.Sync(StateArchive.ForSaving(w)));
        Assert.Contains("CorridorNoState-v0 does not implement Env.SyncState", e.Message);
    }

    [Fact]
    public void AFactoryReturningOneInstanceTwiceIsRefused()
    {
        var shared = new Corridor();
        var e = Assert.Throws<InvalidSettingException>(() => new EnvSpec(() => shared).CreateBatched(2));
        Assert.Contains("same instance", e.Message);
    }

    [Fact]
    public void ACustomIdCanBeRegisteredButABuiltInCannotBeReplaced()
    {
        EnvRegistry.Register(() => new WideBoxCorridor());
        Assert.Contains("WideBoxCorridor-v0", EnvRegistry.Ids);
        Assert.IsType<WideBoxCorridor>(EnvRegistry.Make("WideBoxCorridor-v0"));
        Assert.IsType<EnvBatch>(VecEnvRegistry.Make("WideBoxCorridor-v0", 2));
        var e = Assert.Throws<InvalidSettingException>(() => EnvRegistry.Register(() => new CartPole()));
        Assert.Contains("built-in", e.Message);
    }
}
