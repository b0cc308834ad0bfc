// Adam over one flat parameter buffer, PyTorch's update rule (torch/optim/adam.py, single-tensor):
//   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
//   p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + eps)
// SB3 uses eps 1e-5 for actor-critic policies and torch's default 1e-8 for DQN.
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Rein2.Pure.Optim;

/// <summary>Adam with flat first and second moment buffers; the update is one loop.</summary>
public sealed class Adam
{
    /// <summary>First moment m.</summary>
    public float[] M { get; }
    /// <summary>Second moment v.</summary>
    public float[] V { get; }
    /// <summary>Steps taken (t).</summary>
    public long Step { get; set; }
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
        M = new float[size];
        V = new float[size];
        LearningRate = learningRate;
        Beta1 = beta1; Beta2 = beta2; Eps = eps;
    }

    /// <summary>Saves or restores the moments, the step count and the learning rate (checkpoints).</summary>
    public void Sync(Io.StateArchive a)
    {
        a.Section("adam");
        a.Sync(M); a.Sync(V);
        long t = Step; a.Sync(ref t); Step = t;
        double lr = LearningRate; a.Sync(ref lr); LearningRate = lr;
    }

    /// <summary>One Adam step: p ← p − update(g).</summary>
    public void Update(Span<float> p, ReadOnlySpan<float> g) => Update(p, g, SimdPath.Auto);

    // Every path does the same float32 operations in the same order (no FMA contraction), so all
    // widths give the scalar loop's result to the bit (tested); the portable AVX2 binary runs the
    // Vector<T> path, which it lacked (Adam was half of its DQN run).
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
        var m = M.AsSpan(); var v = V.AsSpan();
        int i = 0;
        if (path == SimdPath.Vector512 && Vector512.IsHardwareAccelerated)
        {
            var vb1 = Vector512.Create(b1); var vb2 = Vector512.Create(b2); var v1b1 = Vector512.Create(oneMinusB1); var v1b2 = Vector512.Create(oneMinusB2);
            var vbc2 = Vector512.Create(bc2Sqrt); var veps = Vector512.Create(eps); var vstep = Vector512.Create(stepSize);
            for (; i <= p.Length - 16; i += 16)
            {
                var gi = Vector512.Create(g.Slice(i, 16));
                var mi = Vector512.Create(m.Slice(i, 16)) * vb1 + gi * v1b1;
                var vi = Vector512.Create(v.Slice(i, 16)) * vb2 + gi * gi * v1b2;
                var denom = Vector512.Sqrt(vi) / vbc2 + veps;
                mi.CopyTo(m.Slice(i, 16)); vi.CopyTo(v.Slice(i, 16));
                (Vector512.Create(p.Slice(i, 16)) - vstep * (mi / denom)).CopyTo(p.Slice(i, 16));
            }
        }
        else if (path == SimdPath.Vector && Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            var vb1 = new Vector<float>(b1); var vb2 = new Vector<float>(b2); var v1b1 = new Vector<float>(oneMinusB1); var v1b2 = new Vector<float>(oneMinusB2);
            var vbc2 = new Vector<float>(bc2Sqrt); var veps = new Vector<float>(eps); var vstep = new Vector<float>(stepSize);
            for (; i <= p.Length - w; i += w)
            {
                var gi = new Vector<float>(g.Slice(i, w));
                var mi = new Vector<float>(m.Slice(i, w)) * vb1 + gi * v1b1;
                var vi = new Vector<float>(v.Slice(i, w)) * vb2 + gi * gi * v1b2;
                var denom = Vector.SquareRoot(vi) / vbc2 + veps;
                mi.CopyTo(m.Slice(i, w)); vi.CopyTo(v.Slice(i, w));
                (new Vector<float>(p.Slice(i, w)) - vstep * (mi / denom)).CopyTo(p.Slice(i, w));
            }
        }
        for (; i < p.Length; i++)
        {
            float gi = g[i];
            m[i] = m[i] * b1 + gi * oneMinusB1;
            v[i] = v[i] * b2 + gi * gi * oneMinusB2;
            float denom = MathF.Sqrt(v[i]) / bc2Sqrt + eps;
            p[i] -= stepSize * (m[i] / denom);
        }
    }
}
