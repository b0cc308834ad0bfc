// Adam over one flat parameter buffer, PyTorch's update rule (torch/optim/adam.py, single-tensor):
//   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
//   p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + eps)
// SB3 uses eps 1e-5 for actor-critic policies and torch's default 1e-8 for DQN.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rein2.Pure.Optim;

/// <summary>Adam with flat first and second moment buffers; the update is one loop.</summary>
public sealed class Adam
{
    readonly float[] _m, _v;

    /// <summary>First moment m (a read-only view).</summary>
    public ReadOnlySpan<float> M => _m;
    /// <summary>Second moment v (a read-only view).</summary>
    public ReadOnlySpan<float> V => _v;
    /// <summary>Steps taken (t).</summary>
    public long Step { get; private set; }
    /// <summary>Learning rate (may be changed by a schedule between steps).</summary>
    public double LearningRate { get; set; }
    /// <summary>β1.</summary>
    public double Beta1 { get; }
    /// <summary>β2.</summary>
    public double Beta2 { get; }
    /// <summary>ε, added outside the square root.</summary>
    public double Eps { get; }

    /// <summary>Creates Adam for <paramref name="size"/> parameters.</summary>
    public Adam(int size, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        ThrowHelper.RequirePositive(size, nameof(size));
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be ≥ 0.");
        _m = new float[size];
        _v = new float[size];
        LearningRate = learningRate;
        Beta1 = beta1; Beta2 = beta2; Eps = eps;
    }

    /// <summary>Saves or restores the moments, the step count and the learning rate (checkpoints).</summary>
    public void Sync(Checkpoints.StateArchive a)
    {
        a.Section("adam");
        a.Sync(_m); a.Sync(_v);
        long t = Step; a.Sync(ref t); Step = t;
        double lr = LearningRate; a.Sync(ref lr); LearningRate = lr;
    }

    /// <summary>One Adam step: p ← p − update(g).</summary>
    public void Update(Span<float> p, ReadOnlySpan<float> g) => Update(p, g, SimdPath.Auto);

    // Every width does the scalar loop's float32 operations in the same order (no FMA contraction),
    // so all give its result to the bit (tested); the portable AVX2 binary runs the 8-lane one.
    internal void Update(Span<float> p, ReadOnlySpan<float> g, SimdPath path)
    {
        if (path == SimdPath.Auto) path = SimdPaths.Best;
        if (p.Length != M.Length || g.Length != M.Length)
            throw new ArgumentException($"Adam was built for {M.Length} parameters; got p {p.Length}, g {g.Length}.");
        Step++;
        double bc1 = 1 - Math.Pow(Beta1, Step);
        double bc2 = 1 - Math.Pow(Beta2, Step);
        float stepSize = (float)(LearningRate / bc1);
        float bc2Sqrt = (float)Math.Sqrt(bc2);
        float b1 = (float)Beta1, b2 = (float)Beta2, oneMinusB1 = (float)(1 - Beta1), oneMinusB2 = (float)(1 - Beta2), eps = (float)Eps;
        var m = _m.AsSpan(); var v = _v.AsSpan();
        var c = new Constants(b1, b2, oneMinusB1, oneMinusB2, bc2Sqrt, eps, stepSize);
        int i = path == SimdPath.Vector512 ? UpdateLanes<F16>(p, g, m, v, c)
              : path == SimdPath.Vector && Vector256.IsHardwareAccelerated ? UpdateLanes<F8>(p, g, m, v, c)
              : path == SimdPath.Vector && Vector128.IsHardwareAccelerated ? UpdateLanes<F4>(p, g, m, v, c)
              : 0;
        for (; i < p.Length; i++)
        {
            float gi = g[i];
            m[i] = m[i] * b1 + gi * oneMinusB1;
            v[i] = v[i] * b2 + gi * gi * oneMinusB2;
            float denom = MathF.Sqrt(v[i]) / bc2Sqrt + eps;
            p[i] -= stepSize * (m[i] / denom);
        }
    }

    readonly record struct Constants(float B1, float B2, float OneMinusB1, float OneMinusB2, float Bc2Sqrt, float Eps, float StepSize);

    // The update over whole vectors (Kernels/FloatLanes.cs: written once for every width); returns how
    // many leading elements it did.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int UpdateLanes<TV>(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Constants c)
        where TV : struct, IFloatLanes<TV>
    {
        int w = TV.Count, i = 0;
        TV b1 = TV.Splat(c.B1), b2 = TV.Splat(c.B2), oneMinusB1 = TV.Splat(c.OneMinusB1), oneMinusB2 = TV.Splat(c.OneMinusB2);
        TV bc2Sqrt = TV.Splat(c.Bc2Sqrt), eps = TV.Splat(c.Eps), stepSize = TV.Splat(c.StepSize);
        ref float pr = ref MemoryMarshal.GetReference(p), gr = ref Unsafe.AsRef(in MemoryMarshal.GetReference(g));
        ref float mr = ref MemoryMarshal.GetReference(m), vr = ref MemoryMarshal.GetReference(v);
        for (; i <= p.Length - w; i += w)
        {
            TV gi = TV.Load(ref Unsafe.Add(ref gr, i));
            TV mi = TV.Load(ref Unsafe.Add(ref mr, i)) * b1 + gi * oneMinusB1;
            TV vi = TV.Load(ref Unsafe.Add(ref vr, i)) * b2 + gi * gi * oneMinusB2;
            TV denom = TV.Sqrt(vi) / bc2Sqrt + eps;
            mi.Store(ref Unsafe.Add(ref mr, i)); vi.Store(ref Unsafe.Add(ref vr, i));
            (TV.Load(ref Unsafe.Add(ref pr, i)) - stepSize * (mi / denom)).Store(ref Unsafe.Add(ref pr, i));
        }
        return i;
    }
}
