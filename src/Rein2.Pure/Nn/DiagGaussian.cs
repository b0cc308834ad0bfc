// Diagonal Gaussian with a state-independent log-std (SB3's DiagGaussianDistribution): log-prob and
// entropy summed over action dimensions, and their backward to the mean and the log-std.
namespace Rein2.Pure.Nn;

/// <summary>Batched diagonal Gaussians: mean (B,d), one shared log-std (d).</summary>
public static class DiagGaussian
{
    static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>
    /// logProb[r] = Σ_i −(a−μ)²/(2σ²) − log σ − ½log 2π;  entropy (same for every row) = Σ_i ½ + ½log 2π + log σ.
    /// </summary>
    public static void LogProb(Span<float> logProb, ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd,
                               ReadOnlySpan<float> actions, int B, int d)
    {
        for (int r = 0; r < B; r++)
        {
            double s = 0;
            for (int i = 0; i < d; i++)
            {
                double ls = logStd[i];
                double z = (actions[r * d + i] - mean[r * d + i]) * Math.Exp(-ls);
                s += -0.5 * z * z - ls - HalfLog2Pi;
            }
            logProb[r] = (float)s;
        }
    }

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
        for (int r = 0; r < B; r++)
        {
            double g = dLogProb.IsEmpty ? 0 : dLogProb[r];
            double gH = dEntropy.IsEmpty ? 0 : dEntropy[r];
            for (int i = 0; i < d; i++)
            {
                double invVar = Math.Exp(-2.0 * logStd[i]);
                double diff = actions[r * d + i] - mean[r * d + i];
                dMean[r * d + i] += (float)(g * diff * invVar);
                dLogStd[i] += (float)(g * (diff * diff * invVar - 1.0) + gH);
            }
        }
    }

    /// <summary>Samples a = μ + σ·ε with ε ~ N(0,1) from <paramref name="rng"/> (Box–Muller).</summary>
    public static void Sample(Span<float> actions, ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd, int B, int d, ref Rng.Pcg64 rng)
    {
        for (int r = 0; r < B; r++)
            for (int i = 0; i < d; i++)
                actions[r * d + i] = mean[r * d + i] + MathF.Exp(logStd[i]) * (float)rng.NextGaussian();
    }
}
