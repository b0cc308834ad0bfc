// The small-angle sin/cos of the Fast batched CartPole against libm over its whole domain, at both
// widths, and the lane-flag helpers against a plain loop.
using FsCheck.Xunit;
using Rein2.Pure.Envs;
using System.Runtime.Intrinsics;

namespace Rein2.Pure.Tests.Envs;

public class DoubleLanesTests
{
    static double Ulps(double a, double b) => Math.Abs(a - b) / Math.Max(Math.BitIncrement(Math.Abs(b)) - Math.Abs(b), double.Epsilon);

    [Fact]
    public void SmallAngleSinCosIsWithinTwoUlpsOfLibm()
    {
        var xs = new double[8];
        double worst = 0;
        for (int k = -200_000; k <= 200_000; k += 8)
        {
            for (int j = 0; j < 8; j++) xs[j] = (k + j) * (DoubleLanes.SmallAngle / 200_000);
            var (s8, c8) = DoubleLanes.SinCosSmall(Lanes8.Load(xs, 0));
            var (s4, c4) = DoubleLanes.SinCosSmall(Lanes4.Load(xs, 4));
            double[] s = new double[8], c = new double[8], s2 = new double[8], c2 = new double[8];
            s8.Store(s, 0); c8.Store(c, 0); s4.Store(s2, 4); c4.Store(c2, 4);
            for (int j = 0; j < 8; j++)
            {
                var (es, ec) = Math.SinCos(xs[j]);
                worst = Math.Max(worst, Math.Max(Ulps(s[j], es), Ulps(c[j], ec)));
                if (j >= 4) { Assert.Equal(s[j], s2[j]); Assert.Equal(c[j], c2[j]); } // the widths agree bit for bit
            }
        }
        Assert.True(worst <= 2, $"worst error {worst} ulp");
    }

    [Property(MaxTest = 200)]
    public void FlagsWriteEachBitIntoItsLane(byte mask, bool eight, byte offset)
    {
        int count = eight ? 8 : 4, at = offset % 5;
        var flags = new bool[16];
        LaneFlags.Write(flags, at, mask, count);
        for (int k = 0; k < 16; k++)
            Assert.Equal(k >= at && k < at + count && (mask >> (k - at) & 1) != 0, flags[k]);
        Assert.Equal(flags.Skip(at).Take(8).Any(f => f), LaneFlags.Any8(flags, at));
    }

    [Fact]
    public void OutsideMarksLanesBeyondTheLimit()
    {
        double[] x = [-0.3, -0.2, 0.0, 0.2, 0.2000001, 5, -5, 0.1];
        Assert.Equal(0b0111_0001u, Lanes8.Outside(Lanes8.Load(x, 0), 0.2));
        Assert.Equal(0b0111u, Lanes4.Outside(Lanes4.Load(x, 4), 0.2));
    }
}
