// Gradient clipping by global L2 norm, as torch.nn.utils.clip_grad_norm_: the norm is taken over
// every parameter at once (one flat buffer makes that one loop); if it exceeds max_norm, all
// gradients are scaled by max_norm / (norm + 1e-6).
namespace Rein2.Pure.Optim;

/// <summary>Global-norm gradient clipping.</summary>
public static class GradClip
{
    /// <summary>The L2 norm of <paramref name="g"/>, accumulated in float64.</summary>
    public static double Norm(ReadOnlySpan<float> g)
    {
        double s = 0;
        for (int i = 0; i < g.Length; i++) s += (double)g[i] * g[i];
        return Math.Sqrt(s);
    }

    /// <summary>Clips in place; returns the norm before clipping (what torch returns).</summary>
    public static double ClipByGlobalNorm(Span<float> g, double maxNorm)
    {
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "max_grad_norm must be > 0.");
        double norm = Norm(g);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1.0)
        {
            float c = (float)coef;
            for (int i = 0; i < g.Length; i++) g[i] *= c;
        }
        return norm;
    }
}
