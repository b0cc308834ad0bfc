// `rein2 render [AGENT_FILE] [--env ID] --out FILE.svg [--seed N] [--episodes N] [--speed F]
// [--size WxH] [--max-steps N]`: plays episodes — the saved agent's greedy actions, or random actions
// when no file is given — and writes them as one self-contained animated SVG (EpisodeSvg.cs).
using System.Globalization;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;

namespace Rein2.Cli;

public static class RenderCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var p = new ArgParser("render", args, 1, ["--env", "--out", "--seed", "--episodes", "--speed", "--size", "--max-steps"]);
        if (p.Positional.Count > 1) throw new UsageException("render takes at most one agent or model file: rein2 render [FILE] --out FILE.svg.");
        string outPath = p.Get("--out") ?? throw new UsageException("render needs --out FILE.svg.");
        OutputDirectory.CheckFileTarget(outPath, p.Positional);
        IAgent? agent = p.Positional.Count == 1 ? AgentFile.Load(p.Positional[0]) : null;
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
        var frames = EpisodePlayer.Play(env, agent, seed, episodes, maxSteps);
        string who = agent != null ? $"{Path.GetFileName(p.Positional[0])} (greedy)" : "random actions";
        string svg = EpisodeSvg.Render(envId, frames, EpisodeSvg.Fps(envId) * speed, width, height, $"{envId}, {who}, seed {seed}");
        OutputDirectory.WriteFile(outPath, svg);
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
