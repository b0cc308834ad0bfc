// Plays episodes for a drawing: a saved agent's greedy actions, or random ones (Gymnasium's
// action_space.sample()), recording every state's drawing parameters (EpisodeSvg.Pose) and the caption.
// Shared by `rein2 render` and `rein2 report` (the best agent's animation).
using System.Globalization;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Rng;

namespace Rein2.Cli;

public static class EpisodePlayer
{
    /// <summary>
    /// Plays <paramref name="episodes"/> episodes of <paramref name="env"/> (the first reset with
    /// <paramref name="seed"/>, the next ones continuing its generator), each at most
    /// <paramref name="maxSteps"/> steps, with <paramref name="agent"/>'s actions or random ones when null.
    /// </summary>
    public static List<EpisodeFrame> Play(Env env, IAgent? agent, ulong seed, int episodes, int maxSteps)
    {
        EpisodeSvg.Pose(env); // refuses an environment without a drawing before playing
        var frames = new List<EpisodeFrame>();
        var obs = new float[env.ObservationSize];
        var action = new float[env.ActionSpace.FlatSize];
        var random = new Pcg64(seed ^ 0xA5A5);
        for (int ep = 0; ep < episodes; ep++)
        {
            env.Reset(obs, ep == 0 ? seed : null);
            double ret = 0;
            var (a0, b0) = EpisodeSvg.Pose(env);
            frames.Add(new EpisodeFrame(a0, b0, ep, 0, 0, "–"));
            for (int t = 1; t <= maxSteps; t++)
            {
                if (agent != null) agent.Act(obs, action);
                else env.ActionSpace.Sample(ref random, action);
                var r = env.ActionSpace is DiscreteSpace ? env.Step((int)action[0], obs) : env.Step(action, obs);
                ret += r.Reward;
                var (a, b) = EpisodeSvg.Pose(env);
                string shown = env.ActionSpace is DiscreteSpace ? ((int)action[0]).ToString(CultureInfo.InvariantCulture) : string.Join(", ", action.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture)));
                frames.Add(new EpisodeFrame(a, b, ep, t, ret, shown));
                if (r.Done) break;
            }
        }
        return frames;
    }
}
