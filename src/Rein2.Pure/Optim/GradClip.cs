// Gradient clipping by global L2 norm, as torch.nn.utils.clip_grad_norm_: the norm is taken over
// every parameter at once (one flat buffer makes that one loop); if it exceeds max_norm, all
// gradients are scaled by max_norm / (norm + 1e-6).
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Rein2.Pure.Optim;

/// <summary>Global-norm gradient clipping.</summary>
public static class GradClip
{
    /// <summary>The L2 norm of <paramref name="g"/>, accumulated in float64.</summary>
    public static double Norm(ReadOnlySpan<float> g)
    {
        double s = 0;
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // widen to float64 so the sum of squares keeps full precision
            var acc0 = Vector512<double>.Zero; var acc1 = Vector512<double>.Zero;
            for (; i <= g.Length - 16; i += 16)
            {
                var (lo, hi) = Vector512.Widen(Vector512.Create(g.Slice(i, 16)));
                acc0 = MulAdd.Of(lo, lo, acc0);
                acc1 = MulAdd.Of(hi, hi, acc1);
            }
            s = Vector512.Sum(acc0 + acc1);
        }
        else if (Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            Vector<double> acc0 = default, acc1 = default;
            for (; i <= g.Length - w; i += w)
            {
                Vector.Widen(new Vector<float>(g.Slice(i, w)), out var lo, out var hi);
                acc0 += lo * lo; acc1 += hi * hi;
            }
            s = Vector.Sum(acc0 + acc1);
        }
        for (; i < g.Length; i++) s += (double)g[i] * g[i];
        return Math.Sqrt(s);
    }

    /// <summary>Clips in place; returns the norm before clipping (what torch returns).</summary>
    public static double ClipByGlobalNorm(Span<float> g, double maxNorm)
    {
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "max_grad_norm must be > 0.");
        double norm = Norm(g);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1.0) Kernels.Scale(g, (float)coef);
        return norm;
    }
}
