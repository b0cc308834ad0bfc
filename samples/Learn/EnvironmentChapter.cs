// docs/learn/01-environment.md: CartPole by hand — reset with a seed, step with a rule of thumb.
using System.Globalization;
using Rein2.Pure.Envs;

namespace Rein2.Learn;

public static class EnvironmentChapter
{
    public static void Run(TextWriter o)
    {
        // chapter: cartpole
        var env = EnvRegistry.Make("CartPole-v1");
        var obs = new float[env.ObservationSize];       // x, ẋ, θ, θ̇
        env.Reset(obs, seed: 42);                       // Gymnasium's env.reset(seed=42)
        o.WriteLine("reset: " + string.Join(", ", obs.Select(v => v.ToString("F6", CultureInfo.InvariantCulture))));

        // push the cart towards the side the pole is falling to
        double episodeReturn = 0;
        while (true)
        {
            int action = obs[2] + 0.5f * obs[3] > 0 ? 1 : 0;   // 1 = push right
            var step = env.Step(action, obs);
            episodeReturn += step.Reward;
            if (step.Done)
            {
                o.WriteLine($"return {episodeReturn} after {env.ElapsedSteps} steps, {(step.Truncated ? "truncated at the time limit" : "the pole fell")}");
                break;
            }
        }
        // end chapter
    }
}
