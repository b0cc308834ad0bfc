// FsCheck properties of the scalar environments over random seeds and action sequences:
// determinism, state bounds, reward ranges, termination consistent with the state, and the API's
// refusals (stepping after the end, out-of-range and NaN actions).
using FsCheck.Xunit;
using Rein2.Pure.Envs;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Tests.Envs;

public class EnvProperties
{
    // Runs up to `steps` random actions (from its own generator) and calls check after each step.
    static List<float> Trajectory(Env env, ulong seed, ulong actionSeed, int steps, Action<Env, StepResult>? check = null)
    {
        var trace = new List<float>();
        var obs = new float[env.ObservationSize];
        env.Reset(obs, seed);
        trace.AddRange(obs);
        var rng = new Pcg64(actionSeed);
        for (int t = 0; t < steps; t++)
        {
            StepResult r = env.ActionSpace is DiscreteSpace d
                ? env.Step((int)rng.Integers(0, d.N), obs)
                : env.Step([(float)rng.Uniform(-3, 3)], obs);
            trace.AddRange(obs);
            trace.Add((float)r.Reward);
            check?.Invoke(env, r);
            if (r.Done) { env.Reset(obs); trace.AddRange(obs); }
        }
        return trace;
    }

    [Property(MaxTest = 30)]
    public void SameSeedAndActionsGiveTheSameTrajectory(ulong seed, ulong actionSeed, byte envIndex)
    {
        string id = EnvRegistry.Ids[envIndex % EnvRegistry.Ids.Count];
        Assert.Equal(Trajectory(EnvRegistry.Make(id), seed, actionSeed, 300), Trajectory(EnvRegistry.Make(id), seed, actionSeed, 300));
    }

    [Property(MaxTest = 20)]
    public void MountainCarStaysInBoundsAndTerminatesOnlyAtTheFlag(ulong seed, ulong actionSeed)
    {
        Trajectory(new MountainCar(), seed, actionSeed, 600, (env, r) =>
        {
            var s = ((MountainCar)env).State;
            Assert.InRange(s.Position, MountainCar.MinPosition, MountainCar.MaxPosition);
            Assert.InRange(s.Velocity, -MountainCar.MaxSpeed, MountainCar.MaxSpeed);
            Assert.Equal(-1.0, r.Reward);
            Assert.Equal(s.Position >= MountainCar.GoalPosition && s.Velocity >= 0, r.Terminated);
        });
    }

    [Property(MaxTest = 10)]
    public void AcrobotAnglesAndVelocitiesStayBounded(ulong seed, ulong actionSeed)
    {
        Trajectory(new Acrobot(), seed, actionSeed, 600, (env, r) =>
        {
            var s = ((Acrobot)env).State;
            Assert.InRange(s.Theta1, -Math.PI, Math.PI);
            Assert.InRange(s.Theta2, -Math.PI, Math.PI);
            Assert.InRange(s.DTheta1, -Acrobot.MaxVel1, Acrobot.MaxVel1);
            Assert.InRange(s.DTheta2, -Acrobot.MaxVel2, Acrobot.MaxVel2);
            Assert.Equal(r.Terminated ? 0.0 : -1.0, r.Reward);
            Assert.Equal(-Math.Cos(s.Theta1) - Math.Cos(s.Theta2 + s.Theta1) > 1.0, r.Terminated);
        });
    }

    [Property(MaxTest = 20)]
    public void PendulumSpeedIsLimitedAndRewardInRange(ulong seed, ulong actionSeed)
    {
        // max cost = π² + 0.1·8² + 0.001·2² ≈ 16.2736
        Trajectory(new Pendulum(), seed, actionSeed, 400, (env, r) =>
        {
            Assert.InRange(((Pendulum)env).State.ThetaDot, -8.0, 8.0);
            Assert.InRange(r.Reward, -16.2736, 0.0);
            Assert.False(r.Terminated);
        });
    }

    [Property(MaxTest = 20)]
    public void CartPoleTerminatesExactlyWhenOutOfBounds(ulong seed, ulong actionSeed)
    {
        Trajectory(new CartPole(), seed, actionSeed, 600, (env, r) =>
        {
            var s = ((CartPole)env).State;
            bool outside = Math.Abs(s.X) > 2.4 || Math.Abs(s.Theta) > 12 * 2 * Math.PI / 360;
            Assert.Equal(outside, r.Terminated);
            Assert.Equal(1.0, r.Reward);
            Assert.True(env.ElapsedSteps <= 500);
            Assert.Equal(env.ElapsedSteps == 500, r.Truncated);
        });
    }

    [Fact]
    public void SteppingAfterTheEndIsAnError()
    {
        var env = new CartPole();
        var obs = new float[4];
        env.Reset(obs, 0);
        StepResult r;
        do r = env.Step(1, obs); while (!r.Done);
        var e = Assert.Throws<InvalidOperationException>(() => env.Step(1, obs));
        Assert.Contains("Reset", e.Message);
        Assert.Throws<InvalidOperationException>(() => new Acrobot().Step(0, new float[6]));
    }

    [Fact]
    public void BadActionsAreRefusedWithTheAllowedRange()
    {
        var obs = new float[4];
        var cp = new CartPole(); cp.Reset(obs, 1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => cp.Step(2, obs));
        Assert.Contains("0 … 1", e.Message);
        var pend = new Pendulum(); var po = new float[3]; pend.Reset(po, 1);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => pend.Step([float.NaN], po)).Message);
        Assert.Throws<ArgumentException>(() => pend.Step([0f, 1f], po));
        // out-of-box continuous actions are clipped, not refused: +∞ acts as +2
        var a = new Pendulum(); var b = new Pendulum(); var oa = new float[3]; var ob = new float[3];
        a.Reset(oa, 5); b.Reset(ob, 5);
        a.Step([float.PositiveInfinity], oa); b.Step([2f], ob);
        Assert.Equal(ob, oa);
    }

    [Fact]
    public void UnknownIdListsTheKnownOnes()
    {
        var e = Assert.Throws<InvalidSettingException>(() => EnvRegistry.Make("cartpole"));
        foreach (var id in EnvRegistry.Ids) Assert.Contains(id, e.Message);
    }
}

public class PySquareTests
{
    // PySquare must equal libm pow(x, 2) everywhere: random doubles of every magnitude, the golden
    // example where pow differs from x·x, and the special values.
    [Property(MaxTest = 2000)]
    public void EqualsMathPow(double x) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Pow(x, 2)), BitConverter.DoubleToInt64Bits(PySquare.Of(x)));

    [Fact]
    public void EqualsMathPowOnManyInputsIncludingMidpointCases()
    {
        var rng = new Pcg64(99);
        int differFromProduct = 0;
        for (int i = 0; i < 2_000_000; i++)
        {
            double x = rng.Uniform(-10, 10);
            double p = Math.Pow(x, 2);
            if (p != x * x) differFromProduct++;
            Assert.Equal(p, PySquare.Of(x));
        }
        Assert.True(differFromProduct > 100, $"only {differFromProduct} inputs where pow(x,2) ≠ x·x: the test would not exercise the fallback");
        Assert.Equal(16.71069352259197, PySquare.Of(4.087871514931942));
        foreach (double v in new[] { 0.0, -0.0, double.Epsilon, 1e-160, 1e200, double.PositiveInfinity, double.NegativeInfinity, double.NaN })
            Assert.Equal(Math.Pow(v, 2), PySquare.Of(v));
    }

    // the exact error a CPU without FMA uses (Dekker's product) is the FMA's, bit for bit, over the
    // range it is used in (checked here against the FMA of .NET, exact on every CPU)
    [Fact]
    public void DekkersErrorEqualsTheFusedOne()
    {
        var rng = new Pcg64(7);
        for (int i = 0; i < 1_000_000; i++)
        {
            double x = rng.Uniform(-1, 1) * Math.Pow(10, rng.Uniform(-143, 143));
            double hi = x * x;
            Assert.Equal(BitConverter.DoubleToInt64Bits(Math.FusedMultiplyAdd(x, x, -hi)), BitConverter.DoubleToInt64Bits(PySquare.DekkerError(x, hi)));
        }
        const double Midpoint = 4.087871514931942;   // where pow(x, 2) ≠ x·x
        Assert.Equal(Math.FusedMultiplyAdd(Midpoint, Midpoint, -(Midpoint * Midpoint)), PySquare.DekkerError(Midpoint, Midpoint * Midpoint));
    }
}
