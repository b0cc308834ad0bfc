// Every value finite (no NaN, no ±∞): the divergence guards' test and the check a batch of user
// environments runs on every step. A value is non-finite exactly when its exponent bits are all
// ones, so the vector body ANDs the bits with that mask and compares: no float compare, no branch
// per element. Scalar remainder; AllFiniteScalar is the reference the tests compare against.
using System.Numerics;
using System.Runtime.InteropServices;

namespace Rein2.Pure;

internal static partial class Kernels
{
    /// <summary>True when no element of <paramref name="x"/> is NaN or infinite.</summary>
    public static bool AllFinite(ReadOnlySpan<float> x) => NoExponentAllOnes(MemoryMarshal.Cast<float, int>(x), 0x7F80_0000);

    /// <summary>True when no element of <paramref name="x"/> is NaN or infinite.</summary>
    public static bool AllFinite(ReadOnlySpan<double> x) => NoExponentAllOnes(MemoryMarshal.Cast<double, long>(x), 0x7FF0_0000_0000_0000);

    // the IEEE bits of each value against its exponent mask: a vector body, a scalar remainder
    static bool NoExponentAllOnes<T>(ReadOnlySpan<T> bits, T exponent) where T : unmanaged, IBinaryInteger<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && bits.Length >= Vector<T>.Count)
        {
            var mask = new Vector<T>(exponent);
            var nonFinite = Vector<T>.Zero;
            for (; i <= bits.Length - Vector<T>.Count; i += Vector<T>.Count)
                nonFinite |= Vector.Equals(new Vector<T>(bits[i..]) & mask, mask);
            if (nonFinite != Vector<T>.Zero) return false;
        }
        for (; i < bits.Length; i++) if ((bits[i] & exponent) == exponent) return false;
        return true;
    }

    /// <summary>The scalar reference of <see cref="AllFinite(ReadOnlySpan{float})"/>.</summary>
    public static bool AllFiniteScalar(ReadOnlySpan<float> x)
    {
        foreach (float v in x) if (!float.IsFinite(v)) return false;
        return true;
    }

    /// <summary>The scalar reference of <see cref="AllFinite(ReadOnlySpan{double})"/>.</summary>
    public static bool AllFiniteScalar(ReadOnlySpan<double> x)
    {
        foreach (double v in x) if (!double.IsFinite(v)) return false;
        return true;
    }
}
