// Diagonal Gaussian with a state-independent log-std (SB3's DiagGaussianDistribution): log-prob and
// entropy summed over action dimensions, and their backward to the mean and the log-std.
// σ is shared by every row, so its exponentials are taken once per call, not once per element
// (REIN-2's 676-dimensional outer action: they were a tenth of a PPO CartPole run).
using System.Buffers;

namespace Rein2.Pure.Nn;

/// <summary>Batched diagonal Gaussians: mean (B,d), one shared log-std (d).</summary>
internal static class DiagGaussian
{
    static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>
    /// logProb[r] = Σ_i −(a−μ)²/(2σ²) − log σ − ½log 2π;  entropy (same for every row) = Σ_i ½ + ½log 2π + log σ.
    /// </summary>
    public static void LogProb(Span<float> logProb, ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd,
                               ReadOnlySpan<float> actions, int B, int d)
    {
        double[]? rented = null;
        Span<double> invStd = d <= StackLimit ? stackalloc double[d] : (rented = ArrayPool<double>.Shared.Rent(d)).AsSpan(0, d);
        for (int i = 0; i < d; i++) invStd[i] = Math.Exp(-(double)logStd[i]);
        for (int r = 0; r < B; r++)
        {
            double s = 0;
            for (int i = 0; i < d; i++)
            {
                double ls = logStd[i];
                double z = (actions[r * d + i] - mean[r * d + i]) * invStd[i];
                s += -0.5 * z * z - ls - HalfLog2Pi;
            }
            logProb[r] = (float)s;
        }
        if (rented != null) ArrayPool<double>.Shared.Return(rented);
    }

    const int StackLimit = 2048;   // doubles of scratch on the stack (16 KB); wider actions rent

    /// <summary>Entropy Σ_i (½ + ½log 2π + log σ_i) — independent of the mean.</summary>
    public static float Entropy(ReadOnlySpan<float> logStd)
    {
        double h = 0;
        for (int i = 0; i < logStd.Length; i++) h += 0.5 + HalfLog2Pi + logStd[i];
        return (float)h;
    }

    /// <summary>
    /// Backward, accumulating: ∂logp/∂μ = (a−μ)/σ², ∂logp/∂logσ = (a−μ)²/σ² − 1, ∂H/∂logσ = 1 per row.
    /// </summary>
    public static void Backward(Span<float> dMean, Span<float> dLogStd, ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd,
                                ReadOnlySpan<float> actions, ReadOnlySpan<float> dLogProb, ReadOnlySpan<float> dEntropy, int B, int d)
    {
        double[]? rented = null;
        Span<double> invVars = d <= StackLimit ? stackalloc double[d] : (rented = ArrayPool<double>.Shared.Rent(d)).AsSpan(0, d);
        for (int i = 0; i < d; i++) invVars[i] = Math.Exp(-2.0 * logStd[i]);
        for (int r = 0; r < B; r++)
        {
            double g = dLogProb.IsEmpty ? 0 : dLogProb[r];
            double gH = dEntropy.IsEmpty ? 0 : dEntropy[r];
            for (int i = 0; i < d; i++)
            {
                double invVar = invVars[i];
                double diff = actions[r * d + i] - mean[r * d + i];
                dMean[r * d + i] += (float)(g * diff * invVar);
                dLogStd[i] += (float)(g * (diff * diff * invVar - 1.0) + gH);
            }
        }
        if (rented != null) ArrayPool<double>.Shared.Return(rented);
    }

    /// <summary>Samples a = μ + σ·ε with ε ~ N(0,1) from <paramref name="rng"/> (Box–Muller).</summary>
    public static void Sample(Span<float> actions, ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd, int B, int d, ref Rng.Pcg64 rng)
    {
        float[]? rented = null;
        Span<float> std = d <= StackLimit ? stackalloc float[d] : (rented = ArrayPool<float>.Shared.Rent(d)).AsSpan(0, d);
        for (int i = 0; i < d; i++) std[i] = MathF.Exp(logStd[i]);
        for (int r = 0; r < B; r++)
            for (int i = 0; i < d; i++)
                actions[r * d + i] = mean[r * d + i] + std[i] * (float)rng.NextGaussian();
        if (rented != null) ArrayPool<float>.Shared.Return(rented);
    }
}
