// Element-wise activations, forward and backward side by side. Backward is written in terms of the
// forward *output* y, so a layer only keeps its activated output for the backward pass.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rein2.Pure.Nn;

/// <summary>A hidden or output activation of an MLP layer.</summary>
public enum Activation
{
    /// <summary>y = x.</summary>
    Identity,
    /// <summary>y = tanh(x) (SB3's actor-critic default).</summary>
    Tanh,
    /// <summary>y = max(0, x) (SB3's DQN default).</summary>
    Relu,
}

/// <summary>Forward and backward of <see cref="Activation"/> over spans, in place.</summary>
public static class Activations
{
    /// <summary>Parses "tanh", "relu", "identity" (case-insensitive).</summary>
    public static Activation Parse(string name) => name.ToLowerInvariant() switch
    {
        "tanh" => Activation.Tanh,
        "relu" => Activation.Relu,
        "identity" or "linear" or "none" => Activation.Identity,
        _ => throw new ArgumentException($"Unknown activation '{name}'; allowed: tanh, relu, identity."),
    };

    /// <summary>x ← f(x).</summary>
    public static void Forward(Span<float> x, Activation act) => Forward(x, act, SimdPath.Auto);

    // relu: every width does the scalar loop's float32 operations, so all give its result to the bit;
    // tanh's vector paths use their own exp (Kernels/Tanh.cs, within 1e-6). Both tested.
    internal static void Forward(Span<float> x, Activation act, SimdPath path)
    {
        if (path == SimdPath.Auto) path = SimdPaths.Best;
        switch (act)
        {
            case Activation.Identity: return;
            case Activation.Tanh: Kernels.TanhUnchecked(ref MemoryMarshal.GetReference(x), x.Length, path); return;
            case Activation.Relu: ReluForward(x, path); return;
            default: throw new ArgumentOutOfRangeException(nameof(act), act, "Unknown activation.");
        }
    }

    /// <summary>dy ← dy·f'(x), with f' expressed through the forward output y.</summary>
    public static void Backward(Span<float> dy, ReadOnlySpan<float> y, Activation act) => Backward(dy, y, act, SimdPath.Auto);

    internal static void Backward(Span<float> dy, ReadOnlySpan<float> y, Activation act, SimdPath path)
    {
        if (path == SimdPath.Auto) path = SimdPaths.Best;
        if (dy.Length != y.Length) throw new ArgumentException($"dy (length {dy.Length}) and y (length {y.Length}) must match.");
        switch (act)
        {
            case Activation.Identity: return;
            case Activation.Tanh:
                // forward: y = tanh(x) ⇒ dx = dy·(1 − y²)
                TanhBackward(dy, y, path);
                return;
            case Activation.Relu:
                // forward: y = max(0, x) ⇒ dx = dy where y > 0, else 0
                ReluBackward(dy, y, path);
                return;
            default: throw new ArgumentOutOfRangeException(nameof(act), act, "Unknown activation.");
        }
    }

    static void ReluForward(Span<float> x, SimdPath path)
    {
        ref float r = ref MemoryMarshal.GetReference(x);
        int i = 0, n = x.Length;
        if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
            for (; i <= n - 16; i += 16) Vector512.Max(Vector512.LoadUnsafe(ref r, (nuint)i), Vector512<float>.Zero).StoreUnsafe(ref r, (nuint)i);
        if (path != SimdPath.Scalar && Vector.IsHardwareAccelerated)
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count) Vector.Max(Vector.LoadUnsafe(ref r, (nuint)i), Vector<float>.Zero).StoreUnsafe(ref r, (nuint)i);
        for (; i < n; i++) { ref float v = ref Unsafe.Add(ref r, i); v = v > 0f ? v : 0f; }
    }

    static void ReluBackward(Span<float> dy, ReadOnlySpan<float> y, SimdPath path)
    {
        ref float d = ref MemoryMarshal.GetReference(dy);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int i = 0, n = dy.Length;
        if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
            for (; i <= n - 16; i += 16)
            {
                var mask = Vector512.GreaterThan(Vector512.LoadUnsafe(ref yr, (nuint)i), Vector512<float>.Zero);
                (Vector512.LoadUnsafe(ref d, (nuint)i) & mask).StoreUnsafe(ref d, (nuint)i);
            }
        if (path != SimdPath.Scalar && Vector.IsHardwareAccelerated)
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var mask = Vector.GreaterThan(Vector.LoadUnsafe(ref yr, (nuint)i), Vector<float>.Zero);
                Vector.BitwiseAnd(Vector.LoadUnsafe(ref d, (nuint)i), mask.As<int, float>()).StoreUnsafe(ref d, (nuint)i);
            }
        for (; i < n; i++) if (!(Unsafe.Add(ref yr, i) > 0f)) Unsafe.Add(ref d, i) = 0f;
    }

    static void TanhBackward(Span<float> dy, ReadOnlySpan<float> y, SimdPath path)
    {
        ref float d = ref MemoryMarshal.GetReference(dy);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int i = 0, n = dy.Length;
        if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
            for (; i <= n - 16; i += 16)
            {
                var yv = Vector512.LoadUnsafe(ref yr, (nuint)i);
                (Vector512.LoadUnsafe(ref d, (nuint)i) * (Vector512<float>.One - yv * yv)).StoreUnsafe(ref d, (nuint)i);
            }
        if (path != SimdPath.Scalar && Vector.IsHardwareAccelerated)
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var yv = Vector.LoadUnsafe(ref yr, (nuint)i);
                (Vector.LoadUnsafe(ref d, (nuint)i) * (Vector<float>.One - yv * yv)).StoreUnsafe(ref d, (nuint)i);
            }
        for (; i < n; i++) { float yv = Unsafe.Add(ref yr, i); Unsafe.Add(ref d, i) *= 1f - yv * yv; }
    }
}
