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
    public static bool AllFinite(ReadOnlySpan<float> x)
    {
        var bits = MemoryMarshal.Cast<float, int>(x);
        const int Exponent = 0x7F80_0000;
        int i = 0;
        if (Vector.IsHardwareAccelerated && bits.Length >= Vector<int>.Count)
        {
            var exponent = new Vector<int>(Exponent);
            var nonFinite = Vector<int>.Zero;
            for (; i <= bits.Length - Vector<int>.Count; i += Vector<int>.Count)
                nonFinite |= Vector.Equals(new Vector<int>(bits[i..]) & exponent, exponent);
            if (nonFinite != Vector<int>.Zero) return false;
        }
        for (; i < bits.Length; i++) if ((bits[i] & Exponent) == Exponent) return false;
        return true;
    }

    /// <summary>True when no element of <paramref name="x"/> is NaN or infinite.</summary>
    public static bool AllFinite(ReadOnlySpan<double> x)
    {
        var bits = MemoryMarshal.Cast<double, long>(x);
        const long Exponent = 0x7FF0_0000_0000_0000;
        int i = 0;
        if (Vector.IsHardwareAccelerated && bits.Length >= Vector<long>.Count)
        {
            var exponent = new Vector<long>(Exponent);
            var nonFinite = Vector<long>.Zero;
            for (; i <= bits.Length - Vector<long>.Count; i += Vector<long>.Count)
                nonFinite |= Vector.Equals(new Vector<long>(bits[i..]) & exponent, exponent);
            if (nonFinite != Vector<long>.Zero) return false;
        }
        for (; i < bits.Length; i++) if ((bits[i] & Exponent) == Exponent) return false;
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
