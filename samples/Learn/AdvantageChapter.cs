// docs/learn/04-policy-gradient.md: generalised advantage estimation by hand on a five-step rollout.
using System.Globalization;

namespace Rein2.Learn;

public static class AdvantageChapter
{
    /// <summary>The advantages of the example rollout (also printed).</summary>
    public static float[] Run(TextWriter o)
    {
        // chapter: gae
        // one environment, five steps; the episode ends after step 2 (done = 1) and a new one begins
        float[] rewards = [1, 1, 1, 1, 1];
        float[] values = [2.5f, 1.8f, 0.9f, 3.0f, 2.7f];   // the critic's V(s_t)
        float[] dones = [0, 0, 1, 0, 0];                   // the episode ended at this step
        float lastValue = 2.4f;                            // V of the state after the last step
        const float gamma = 0.99f, lambda = 0.95f;

        var advantages = new float[5];
        float next = 0;                                    // A_{t+1}
        for (int t = 4; t >= 0; t--)
        {
            float nextValue = t == 4 ? lastValue : values[t + 1];
            float notDone = 1 - dones[t];
            float delta = rewards[t] + gamma * nextValue * notDone - values[t];   // TD error δ_t
            next = delta + gamma * lambda * notDone * next;                        // A_t = δ_t + γλ A_{t+1}
            advantages[t] = next;
        }
        o.WriteLine("advantages: " + string.Join(", ", advantages.Select(a => a.ToString("F4", CultureInfo.InvariantCulture))));
        o.WriteLine("returns:    " + string.Join(", ", advantages.Select((a, t) => (a + values[t]).ToString("F4", CultureInfo.InvariantCulture))));
        // end chapter
        return advantages;
    }
}
