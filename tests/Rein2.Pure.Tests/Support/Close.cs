// Tolerance assertions with messages that say where and by how much a comparison failed.
namespace Rein2.Pure.Tests.Support;

public static class Close
{
    /// <summary>|actual − expected| ≤ atol + rtol·|expected| for every element.</summary>
    public static void All(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double rtol, double atol, string what)
    {
        Assert.True(actual.Length == expected.Length, $"{what}: length {actual.Length} vs expected {expected.Length}");
        for (int i = 0; i < actual.Length; i++)
        {
            double err = Math.Abs(actual[i] - expected[i]);
            if (!(err <= atol + rtol * Math.Abs(expected[i])))
                Assert.Fail($"{what}[{i}]: got {actual[i]:R}, expected {expected[i]:R} (error {err:E2} > atol {atol:E1} + rtol {rtol:E1}·|expected|)");
        }
    }

    public static void All(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double rtol, double atol, string what)
    {
        var e = new double[expected.Length];
        for (int i = 0; i < e.Length; i++) e[i] = expected[i];
        All(actual, e, rtol, atol, what);
    }

    public static void Scalar(double actual, double expected, double rtol, double atol, string what)
    {
        double err = Math.Abs(actual - expected);
        Assert.True(err <= atol + rtol * Math.Abs(expected), $"{what}: got {actual:R}, expected {expected:R} (error {err:E2})");
    }
}
