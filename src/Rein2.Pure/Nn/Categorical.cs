// Categorical distribution from logits (torch.distributions.Categorical(logits=...), SB3's
// CategoricalDistribution): log-softmax, log-prob, entropy and their backward, per row of a batch.
namespace Rein2.Pure.Nn;

/// <summary>Batched categorical distributions over <c>n</c> actions, parametrised by logits (B,n).</summary>
internal static class Categorical
{
    /// <summary>logp[r,j] = z[r,j] − logΣ_k exp z[r,k] (max-shifted for stability).</summary>
    public static void LogSoftmax(Span<float> logp, ReadOnlySpan<float> logits, int B, int n)
    {
        // logits (B,n), logp (B,n)
        ThrowHelper.RequireLength(logits.Length, B * n, nameof(logits));
        ThrowHelper.RequireLength(logp.Length, B * n, nameof(logp));
        for (int r = 0; r < B; r++)
        {
            var z = logits.Slice(r * n, n);
            var l = logp.Slice(r * n, n);
            float max = float.NegativeInfinity;
            for (int j = 0; j < n; j++) max = MathF.Max(max, z[j]);
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.Exp(z[j] - max);
            float lse = max + (float)Math.Log(sum);
            for (int j = 0; j < n; j++) l[j] = z[j] - lse;
        }
    }

    /// <summary>
    /// From log-probabilities (B,n): logProb[r] = logp[r, a_r] and entropy[r] = −Σ_j p_j·logp_j.
    /// </summary>
    public static void LogProbAndEntropy(Span<float> logProb, Span<float> entropy, ReadOnlySpan<float> logp,
                                         ReadOnlySpan<int> actions, int B, int n)
    {
        for (int r = 0; r < B; r++)
        {
            var l = logp.Slice(r * n, n);
            int a = actions[r];
            if ((uint)a >= (uint)n) throw new ArgumentOutOfRangeException(nameof(actions), a, $"Action {a} at row {r} is outside [0, {n}).");
            logProb[r] = l[a];
            if (!entropy.IsEmpty)
            {
                float h = 0f;
                for (int j = 0; j < n; j++) h -= MathF.Exp(l[j]) * l[j];
                entropy[r] = h;
            }
        }
    }

    /// <summary>
    /// Backward to the logits, accumulating: given dL/dlogProb (B) and dL/dentropy (B, or empty),
    /// dz_j += dLogProb·(δ_{a,j} − p_j) + dEntropy·(−p_j·(logp_j + H)).
    /// </summary>
    public static void Backward(Span<float> dLogits, ReadOnlySpan<float> logp, ReadOnlySpan<int> actions,
                                ReadOnlySpan<float> dLogProb, ReadOnlySpan<float> dEntropy, int B, int n)
    {
        // forward: l_j = z_j − lse(z), p_j = exp l_j, H = −Σ p_j l_j
        //   ∂l_a/∂z_j = δ_aj − p_j;   ∂H/∂z_j = −p_j (l_j + H)
        for (int r = 0; r < B; r++)
        {
            var l = logp.Slice(r * n, n);
            var dz = dLogits.Slice(r * n, n);
            float h = 0f;
            if (!dEntropy.IsEmpty) for (int j = 0; j < n; j++) h -= MathF.Exp(l[j]) * l[j];
            float gLp = dLogProb.IsEmpty ? 0f : dLogProb[r];
            float gH = dEntropy.IsEmpty ? 0f : dEntropy[r];
            for (int j = 0; j < n; j++)
            {
                float p = MathF.Exp(l[j]);
                float g = gLp * ((j == actions[r] ? 1f : 0f) - p);
                if (gH != 0f) g -= gH * p * (l[j] + h);
                dz[j] += g;
            }
        }
    }

    /// <summary>Index of the largest logit in each row (deterministic action; first on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++) if (row[j] > row[best]) best = j;
        return best;
    }

    /// <summary>actions[r] = <see cref="ArgMax"/> of row r of a (rows, k) matrix.</summary>
    internal static void ArgMaxRows(ReadOnlySpan<float> matrix, int rows, int k, Span<int> actions)
    {
        for (int r = 0; r < rows; r++) actions[r] = ArgMax(matrix.Slice(r * k, k));
    }
}
