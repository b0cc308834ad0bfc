// RMSprop over one flat buffer, PyTorch's rule (torch/optim/rmsprop.py; centered=False, momentum 0):
//   v ← α·v + (1−α)·g²   (v starts at 0)
//   p ← p − lr · g / (√v + eps)          (eps outside the root)
// SB3's A2C default: α = 0.99, eps = 1e-5.
using System.Runtime.Intrinsics;

namespace Rein2.Pure.Optim;

/// <summary>RMSprop with a flat square-average buffer.</summary>
public sealed class RmsProp
{
    /// <summary>Running average of g².</summary>
    public float[] SquareAvg { get; }
    /// <summary>Learning rate (may be changed by a schedule between steps).</summary>
    public double LearningRate { get; set; }
    /// <summary>Smoothing constant α.</summary>
    public double Alpha { get; }
    /// <summary>ε, added outside the square root.</summary>
    public double Eps { get; }
    /// <summary>Steps taken.</summary>
    public long Step { get; set; }

    /// <summary>Saves or restores the square average, the step count and the learning rate (checkpoints).</summary>
    public void Sync(Io.StateArchive a)
    {
        a.Section("rmsprop");
        a.Sync(SquareAvg);
        long t = Step; a.Sync(ref t); Step = t;
        double lr = LearningRate; a.Sync(ref lr); LearningRate = lr;
    }

    /// <summary>Creates RMSprop for <paramref name="size"/> parameters.</summary>
    public RmsProp(int size, double learningRate, double alpha = 0.99, double eps = 1e-8)
    {
        ThrowHelper.RequirePositive(size, nameof(size));
        if (!(alpha >= 0 && alpha < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in [0, 1).");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be ≥ 0.");
        SquareAvg = new float[size];
        LearningRate = learningRate; Alpha = alpha; Eps = eps;
    }

    /// <summary>One RMSprop step.</summary>
    public void Update(Span<float> p, ReadOnlySpan<float> g)
    {
        if (p.Length != SquareAvg.Length || g.Length != SquareAvg.Length)
            throw new ArgumentException($"RMSprop was built for {SquareAvg.Length} parameters; got p {p.Length}, g {g.Length}.");
        Step++;
        float a = (float)Alpha, oneMinusA = (float)(1 - Alpha), eps = (float)Eps, lr = (float)LearningRate;
        var v = SquareAvg.AsSpan();
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // the same float32 operations as the scalar loop below: bit-identical
            var va = Vector512.Create(a); var v1a = Vector512.Create(oneMinusA); var veps = Vector512.Create(eps); var vlr = Vector512.Create(lr);
            for (; i <= p.Length - 16; i += 16)
            {
                var gi = Vector512.Create(g.Slice(i, 16));
                var vi = Vector512.Create(v.Slice(i, 16)) * va + gi * gi * v1a;
                vi.CopyTo(v.Slice(i, 16));
                (Vector512.Create(p.Slice(i, 16)) - vlr * (gi / (Vector512.Sqrt(vi) + veps))).CopyTo(p.Slice(i, 16));
            }
        }
        for (; i < p.Length; i++)
        {
            float gi = g[i];
            v[i] = v[i] * a + gi * gi * oneMinusA;
            p[i] -= lr * (gi / (MathF.Sqrt(v[i]) + eps));
        }
    }
}
