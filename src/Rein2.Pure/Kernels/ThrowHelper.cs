// Span validation at public kernel boundaries: one place that builds the messages, so the kernels
// stay readable and the error names the bad value and what was expected.
namespace Rein2.Pure;

internal static class ThrowHelper
{
    public static void RequireLength(int actual, int required, string name)
    {
        if (actual < required)
            throw new ArgumentException($"{name} has length {actual}, but at least {required} is required.", name);
    }

    public static void RequireSameLength(int a, int b, string nameA, string nameB)
    {
        if (a != b)
            throw new ArgumentException($"{nameA} (length {a}) and {nameB} (length {b}) must have the same length.");
    }

    public static void RequirePositive(int value, string name)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive, got {value}.");
    }

    public static void RequireNonNegative(int value, string name)
    {
        if (value < 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be ≥ 0, got {value}.");
    }
}
