// Random draws the algorithms need, all from the caller's Pcg64: categorical actions by inverse CDF,
// uniform integers, and Fisher–Yates permutations (the minibatch order of each PPO epoch).
using Rein2.Pure.Rng;

namespace Rein2.Pure.Algos;

/// <summary>Sampling helpers over <see cref="Pcg64"/>.</summary>
internal static class Sampling
{
    /// <summary>Draws an index from the probabilities exp(logp) by inverse CDF.</summary>
    public static int Categorical(ReadOnlySpan<float> logp, ref Pcg64 rng)
    {
        double u = rng.NextDouble(), c = 0;
        for (int j = 0; j < logp.Length - 1; j++)
        {
            c += Math.Exp(logp[j]);
            if (u < c) return j;
        }
        return logp.Length - 1;
    }

    /// <summary>Fills <paramref name="perm"/> with a uniformly random permutation of 0 … n−1.</summary>
    public static void Permutation(Span<int> perm, ref Pcg64 rng)
    {
        for (int i = 0; i < perm.Length; i++) perm[i] = i;
        for (int i = perm.Length - 1; i > 0; i--)
        {
            int j = (int)rng.Integers(0, i + 1);
            (perm[i], perm[j]) = (perm[j], perm[i]);
        }
    }
}
