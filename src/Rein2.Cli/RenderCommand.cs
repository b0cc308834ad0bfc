// `rein2 render [AGENT_FILE] [--env ID] --out FILE.svg [--seed N] [--episodes N] [--speed F]
// [--size WxH] [--max-steps N]`: plays episodes — the saved agent's greedy actions, or random actions
// when no file is given — and writes them as one self-contained animated SVG (EpisodeSvg.cs).
using System.Globalization;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;
using Rein2.Pure.Rng;

namespace Rein2.Cli;

public static class RenderCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var p = new ArgParser("render", args, 1, ["--env", "--out", "--seed", "--episodes", "--speed", "--size", "--max-steps"]);
        if (p.Positional.Count > 1) throw new UsageException("render takes at most one agent or model file: rein2 render [FILE] --out FILE.svg.");
        string outPath = p.Get("--out") ?? throw new UsageException("render needs --out FILE.svg.");
        IAgent? agent = p.Positional.Count == 1 ? AgentFiles.Load(p.Positional[0]) : null;
        string envId = agent?.EnvId ?? p.Get("--env") ?? throw new UsageException("render needs an agent file or --env ID (random actions).");
        if (agent != null && p.Get("--env") is string e && e != envId) throw new UsageException($"--env {e} does not match the agent's environment {envId}.");
        var env = EnvRegistry.Make(envId);
        ulong seed = p.GetUInt64("--seed", 0);
        int episodes = (int)Math.Clamp(p.GetUInt64("--episodes", 1), 1UL, 100UL);
        int maxSteps = (int)Math.Clamp(p.GetUInt64("--max-steps", (ulong)env.MaxEpisodeSteps), 1UL, (ulong)env.MaxEpisodeSteps);
        double speed = 1;
        if (p.Get("--speed") is string sp && (!double.TryParse(sp, NumberStyles.Float, CultureInfo.InvariantCulture, out speed) || !(speed > 0 && speed <= 100)))
            throw new UsageException($"--speed {sp} is out of range; allowed: a number in (0, 100] (1 = real time).");
        var (width, height) = Size(p.Get("--size") ?? "600x400");
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
                var (a, b2) = EpisodeSvg.Pose(env);
                string shown = env.ActionSpace is DiscreteSpace ? ((int)action[0]).ToString(CultureInfo.InvariantCulture) : string.Join(", ", action.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture)));
                frames.Add(new EpisodeFrame(a, b2, ep, t, ret, shown));
                if (r.Done) break;
            }
        }
        string who = agent != null ? $"{Path.GetFileName(p.Positional[0])} (greedy)" : "random actions";
        string svg = EpisodeSvg.Render(envId, frames, EpisodeSvg.Fps(envId) * speed, width, height, $"{envId}, {who}, seed {seed}");
        OutputDirectory.Prepare(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        JsonOut.WriteAtomically(outPath, svg);
        stdout.WriteLine($"{envId}: {episodes} episode(s), {frames.Count - episodes} steps, {svg.Length / 1024} KB → {outPath}");
        return CommandLine.Ok;
    }

    static (int, int) Size(string s)
    {
        var parts = s.Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], out int w) && int.TryParse(parts[1], out int h) && w is >= 50 and <= 4000 && h is >= 50 and <= 4000) return (w, h);
        throw new UsageException($"--size {s} is invalid; allowed: WIDTHxHEIGHT in pixels, each 50 … 4000, e.g. 600x400.");
    }
}
