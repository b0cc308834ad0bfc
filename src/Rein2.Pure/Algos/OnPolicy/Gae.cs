// Generalised Advantage Estimation exactly as SB3's RolloutBuffer.compute_returns_and_advantage
// (stable_baselines3/common/buffers.py, v2.4.1), over arrays laid out (n_steps, n_envs):
//   nextNonTerminal = 1 − (t is last ? dones : episodeStarts[t+1]);  nextValue = last ? lastValues : values[t+1]
//   delta = r_t + γ·nextValue·nextNonTerminal − V_t
//   A_t   = delta + γ·λ·nextNonTerminal·A_{t+1}
//   returns = A + V   (the TD(λ) value target)
// Computed in float32 like SB3's numpy float32 buffers; γ and γ·λ are Python floats there, so γ·λ is
// formed in float64 and rounded to float32 once when it meets the float32 arrays.
namespace Rein2.Pure.Algos;

/// <summary>SB3's GAE(λ) over a (steps, envs) rollout.</summary>
internal static class Gae
{
    /// <summary>
    /// Fills <paramref name="advantages"/> and <paramref name="returns"/> (both (nSteps, nEnvs)).
    /// <paramref name="episodeStarts"/>[t] is 1 when step t began an episode (the done flag of step t−1);
    /// <paramref name="dones"/> are the done flags of the last step.
    /// </summary>
    public static void Compute(Span<float> advantages, Span<float> returns, ReadOnlySpan<float> rewards, ReadOnlySpan<float> values,
                               ReadOnlySpan<float> episodeStarts, ReadOnlySpan<float> lastValues, ReadOnlySpan<float> dones,
                               int nSteps, int nEnvs, double gamma, double gaeLambda)
    {
        float g = (float)gamma, gl = (float)(gamma * gaeLambda);
        int n = nSteps * nEnvs;
        ThrowHelper.RequireLength(rewards.Length, n, nameof(rewards));
        ThrowHelper.RequireLength(values.Length, n, nameof(values));
        ThrowHelper.RequireLength(episodeStarts.Length, n, nameof(episodeStarts));
        ThrowHelper.RequireLength(advantages.Length, n, nameof(advantages));
        ThrowHelper.RequireLength(returns.Length, n, nameof(returns));
        ThrowHelper.RequireLength(lastValues.Length, nEnvs, nameof(lastValues));
        ThrowHelper.RequireLength(dones.Length, nEnvs, nameof(dones));
        for (int e = 0; e < nEnvs; e++)
        {
            float lastGaeLam = 0f;
            for (int t = nSteps - 1; t >= 0; t--)
            {
                float nextNonTerminal, nextValue;
                if (t == nSteps - 1) { nextNonTerminal = 1f - dones[e]; nextValue = lastValues[e]; }
                else { nextNonTerminal = 1f - episodeStarts[(t + 1) * nEnvs + e]; nextValue = values[(t + 1) * nEnvs + e]; }
                int i = t * nEnvs + e;
                float delta = rewards[i] + g * nextValue * nextNonTerminal - values[i];
                lastGaeLam = delta + gl * nextNonTerminal * lastGaeLam;
                advantages[i] = lastGaeLam;
            }
        }
        for (int i = 0; i < n; i++) returns[i] = advantages[i] + values[i];
    }
}
