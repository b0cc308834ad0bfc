// Python's `x ** 2` for a float, bit for bit, without paying for pow() every time.
// Python (and NumPy scalars) evaluate x**2 as libm pow(x, 2.0), which is not always the correctly
// rounded x·x: glibc's pow is accurate to 0.52 ULP, so it can round the other way when the exact
// square lies within ~0.02 ULP of a rounding midpoint (about 1 input in 1,200; e.g. x =
// 4.087871514931942). Away from midpoints every such pow returns the correctly rounded x·x.
// So: form x·x and its exact error with one FMA; if the exact square is more than 1/32 ULP from a
// midpoint, x·x *is* pow's answer; otherwise (or for zero/subnormal/non-finite) call Math.Pow,
// which reaches the same libm pow that Gymnasium's Python does on Linux. Where the CPU has no FMA
// instruction (an x86-64-v2 build), the exact error comes from Dekker's product instead (Veltkamp's
// split of x into two 26-bit halves, whose products are exact): the same lo, without the software
// FMA .NET would otherwise emulate (MulAdd.cs). It is exact while no partial product under- or
// overflows, so outside 10^±144 the function asks pow.
using System.Runtime.CompilerServices;

namespace Rein2.Pure.Envs;

/// <summary>Python-exact <c>x ** 2</c>.</summary>
internal static class PySquare
{
    /// <summary>pow(x, 2) as libm computes it, with a fast path that is exact away from rounding midpoints.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Of(double x)
    {
        double hi = x * x;
        double lo;                                              // x² = hi + lo exactly
        if (MulAdd.IsFused) lo = Math.FusedMultiplyAdd(x, x, -hi);
        else if (Math.Abs(x) is > 1e-144 and < 1e144) lo = DekkerError(x, hi);
        else return Math.Pow(x, 2);
        long bits = BitConverter.DoubleToInt64Bits(hi);
        long exp = bits & 0x7FF0_0000_0000_0000L;
        if (exp == 0 || exp == 0x7FF0_0000_0000_0000L) return Math.Pow(x, 2); // 0, subnormal, ∞, NaN
        double ulp = BitConverter.Int64BitsToDouble(exp - (52L << 52));       // 2^(e − 52)
        // distance of the exact square from the midpoint hi ± ulp/2, in units of ulp
        if (Math.Abs(2 * Math.Abs(lo) - ulp) > ulp * (1.0 / 16)) return hi;
        return Math.Pow(x, 2);
    }

    /// <summary>x·x − hi exactly (hi = fl(x·x)), with plain multiplies: x = xh + xl in 26-bit halves.</summary>
    internal static double DekkerError(double x, double hi)
    {
        const double Split = 134217729.0;                      // 2^27 + 1
        double t = Split * x;
        double xh = t - (t - x), xl = x - xh;
        return ((xh * xh - hi) + 2 * xh * xl) + xl * xl;
    }
}
