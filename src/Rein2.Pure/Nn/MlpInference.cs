// Batch-1 inference that keeps no state between calls, so one set of weights can serve any number of
// threads at once (an app shares one loaded agent across request threads). The two activation rows
// live on the caller's stack (a thread-local buffer for very wide networks), the weights are only
// read, and the kernels are the ones Mlp.Forward uses at batch 1, so the outputs are bit-identical to it.
using System.Runtime.CompilerServices;

namespace Rein2.Pure.Nn;

/// <summary>A stateless, thread-safe forward pass of one row through an MLP's flat parameters.</summary>
internal static class MlpInference
{
    // two rows of this many floats fit comfortably on any thread's stack (16 KB)
    internal const int StackWidth = 2048;
    [ThreadStatic] static float[]? t_wide;

    /// <summary>
    /// y = MLP(x) for one observation: <paramref name="output"/> (OutputSize) from
    /// <paramref name="input"/> (InputSize) with <paramref name="parameters"/> in <paramref name="layout"/>.
    /// Reads nothing but its arguments and writes nothing but <paramref name="output"/>.
    /// </summary>
    [SkipLocalsInit]
    public static void Forward(MlpLayout layout, ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> output)
    {
        int w = layout.MaxWidth;
        Span<float> rows = w <= StackWidth ? stackalloc float[2 * w] : ThreadScratch(ref t_wide, 2 * w);
        scoped ReadOnlySpan<float> x = input[..layout.InputSize];
        for (int l = 0; l < layout.LayerCount; l++)
        {
            int In = layout.In(l), Out = layout.Out(l);
            var y = l == layout.LayerCount - 1 ? output[..Out] : rows.Slice((l & 1) * w, Out);
            Linear.Forward(y, x, parameters.Slice(layout.WeightOffset(l), Out * In), parameters.Slice(layout.BiasOffset(l), Out), 1, In, Out);
            Activations.Forward(y, layout.ActivationOf(l));
            x = y;
        }
    }

    /// <summary>The index of the largest output for one observation (first maximum on ties, as torch.argmax); thread-safe.</summary>
    [SkipLocalsInit]
    public static int ForwardArgMax(MlpLayout layout, ReadOnlySpan<float> parameters, ReadOnlySpan<float> input)
    {
        int n = layout.OutputSize;
        Span<float> output = n <= StackWidth ? stackalloc float[n] : ThreadScratch(ref t_wideOutput, n);
        Forward(layout, parameters, input, output);
        return Categorical.ArgMax(output);
    }

    [ThreadStatic] static float[]? t_wideOutput;

    /// <summary>This thread's scratch of <paramref name="length"/> floats, for rows too wide for the stack (the forward pass's own).</summary>
    internal static Span<float> Wide(int length) => ThreadScratch(ref t_wide, length);

    /// <summary>
    /// <paramref name="length"/> floats of a [ThreadStatic] <paramref name="buffer"/>, grown when too
    /// short: scratch for rows too wide for the stack, so acting allocates nothing after the first call.
    /// Each caller passes a buffer of its own (a forward pass and its caller may hold one each at once).
    /// </summary>
    internal static Span<float> ThreadScratch(ref float[]? buffer, int length)
    {
        if (buffer == null || buffer.Length < length) buffer = new float[length];
        return buffer.AsSpan(0, length);
    }
}
