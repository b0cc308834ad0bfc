// RMSprop over one flat buffer, PyTorch's rule (torch/optim/rmsprop.py; centered=False, momentum 0):
//   v ← α·v + (1−α)·g²   (v starts at 0)
//   p ← p − lr · g / (√v + eps)          (eps outside the root)
// SB3's A2C default: α = 0.99, eps = 1e-5.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rein2.Pure.Optim;

/// <summary>RMSprop with a flat square-average buffer.</summary>
public sealed class RmsProp
{
    readonly float[] _squareAvg;

    /// <summary>Running average of g² (a read-only view).</summary>
    public ReadOnlySpan<float> SquareAvg => _squareAvg;
    /// <summary>Learning rate (may be changed by a schedule between steps).</summary>
    public double LearningRate { get; set; }
    /// <summary>Smoothing constant α.</summary>
    public double Alpha { get; }
    /// <summary>ε, added outside the square root.</summary>
    public double Eps { get; }
    /// <summary>Steps taken.</summary>
    public long Step { get; private set; }

    /// <summary>Saves or restores the square average, the step count and the learning rate (checkpoints).</summary>
    public void Sync(Checkpoints.StateArchive a)
    {
        a.Section("rmsprop");
        a.Sync(_squareAvg);
        long t = Step; a.Sync(ref t); Step = t;
        double lr = LearningRate; a.Sync(ref lr); LearningRate = lr;
    }

    /// <summary>Creates RMSprop for <paramref name="size"/> parameters.</summary>
    public RmsProp(int size, double learningRate, double alpha = 0.99, double eps = 1e-8)
    {
        ThrowHelper.RequirePositive(size, nameof(size));
        if (!(alpha >= 0 && alpha < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in [0, 1).");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be ≥ 0.");
        _squareAvg = new float[size];
        LearningRate = learningRate; Alpha = alpha; Eps = eps;
    }

    /// <summary>One RMSprop step.</summary>
    public void Update(Span<float> p, ReadOnlySpan<float> g) => Update(p, g, SimdPath.Auto);

    // As Adam: every width does the scalar loop's float32 operations, so all give its result to the bit.
    internal void Update(Span<float> p, ReadOnlySpan<float> g, SimdPath path)
    {
        if (path == SimdPath.Auto) path = SimdPaths.Best;
        if (p.Length != SquareAvg.Length || g.Length != SquareAvg.Length)
            throw new ArgumentException($"RMSprop was built for {SquareAvg.Length} parameters; got p {p.Length}, g {g.Length}.");
        Step++;
        float a = (float)Alpha, oneMinusA = (float)(1 - Alpha), eps = (float)Eps, lr = (float)LearningRate;
        var v = _squareAvg.AsSpan();
        int i = path == SimdPath.Vector512 ? UpdateLanes<F16>(p, g, v, a, oneMinusA, eps, lr)
              : path == SimdPath.Vector && Vector256.IsHardwareAccelerated ? UpdateLanes<F8>(p, g, v, a, oneMinusA, eps, lr)
              : path == SimdPath.Vector && Vector128.IsHardwareAccelerated ? UpdateLanes<F4>(p, g, v, a, oneMinusA, eps, lr)
              : 0;
        for (; i < p.Length; i++)
        {
            float gi = g[i];
            v[i] = v[i] * a + gi * gi * oneMinusA;
            p[i] -= lr * (gi / (MathF.Sqrt(v[i]) + eps));
        }
    }

    // The update over whole vectors (Kernels/FloatLanes.cs: written once for every width); returns how
    // many leading elements it did.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int UpdateLanes<TV>(Span<float> p, ReadOnlySpan<float> g, Span<float> v, float alpha, float oneMinusAlpha, float eps, float lr)
        where TV : struct, IFloatLanes<TV>
    {
        int w = TV.Count, i = 0;
        TV a = TV.Splat(alpha), oneMinusA = TV.Splat(oneMinusAlpha), e = TV.Splat(eps), rate = TV.Splat(lr);
        ref float pr = ref MemoryMarshal.GetReference(p), gr = ref Unsafe.AsRef(in MemoryMarshal.GetReference(g)), vr = ref MemoryMarshal.GetReference(v);
        for (; i <= p.Length - w; i += w)
        {
            TV gi = TV.Load(ref Unsafe.Add(ref gr, i));
            TV vi = TV.Load(ref Unsafe.Add(ref vr, i)) * a + gi * gi * oneMinusA;
            vi.Store(ref Unsafe.Add(ref vr, i));
            (TV.Load(ref Unsafe.Add(ref pr, i)) - rate * (gi / (TV.Sqrt(vi) + e))).Store(ref Unsafe.Add(ref pr, i));
        }
        return i;
    }
}
