// The divergence guards' test: every value finite (no NaN, no ±∞).
namespace Rein2.Pure;

public static partial class Kernels
{
    /// <summary>True when no element of <paramref name="x"/> is NaN or infinite.</summary>
    public static bool AllFinite(ReadOnlySpan<float> x)
    {
        foreach (float v in x) if (!float.IsFinite(v)) return false;
        return true;
    }
}
