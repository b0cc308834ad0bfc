// `rein2 render [AGENT_FILE] [--env ID] --out FILE.svg [--seed N] [--episodes N] [--speed F]
// [--size WxH] [--max-steps N]`: plays episodes — the saved agent's greedy actions, or random actions
// when no file is given — and writes them as one self-contained animated SVG (EpisodeSvg.cs).
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;

namespace Rein2.Cli;

public static class RenderCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var p = Commands.Render.Parse(args, 1);
        string outPath = p.Get("--out") ?? throw new UsageException("render needs --out FILE.svg.");
        OutputDirectory.CheckFileTarget(outPath, p.Positional);
        var (width, height) = Size(p.Get("--size")!);
        IAgent? agent = p.Positional.Count == 1 ? InputFiles.LoadAgent(p.Positional[0], p.Get("--env")) : null;
        string envId = agent?.EnvId ?? p.Get("--env") ?? throw new UsageException("render needs an agent file or --env ID (random actions).");
        var env = EnvRegistry.Make(envId);
        ulong seed = p.Seed("--seed");
        int episodes = (int)p.Long("--episodes");
        long maxSteps = p.Has("--max-steps") ? p.Long("--max-steps") : env.MaxEpisodeSteps;
        if (maxSteps > env.MaxEpisodeSteps) throw new UsageException($"--max-steps {maxSteps} is out of range for {envId}; allowed: an integer from 1 to {env.MaxEpisodeSteps} (its time limit).");
        double speed = p.Double("--speed");
        var frames = EpisodePlayer.Play(env, agent, seed, episodes, (int)maxSteps);
        string who = agent != null ? $"{Path.GetFileName(p.Positional[0])} (greedy)" : "random actions";
        string svg = EpisodeSvg.Render(envId, frames, EpisodeSvg.Fps(envId) * speed, width, height, $"{envId}, {who}, seed {seed}");
        OutputDirectory.WriteFile(outPath, svg);
        stdout.WriteLine($"{envId}: {episodes} episode(s), {frames.Count - episodes} steps, {svg.Length / 1024} KB → {outPath}");
        return CommandLine.Ok;
    }

    static (int, int) Size(string s)
    {
        var parts = s.Split('x');
        if (parts.Length == 2 && SettingText.TryParseInteger(parts[0], out long w) && SettingText.TryParseInteger(parts[1], out long h) && w is >= 50 and <= 4000 && h is >= 50 and <= 4000) return ((int)w, (int)h);
        throw new UsageException($"--size {s} is invalid; allowed: WIDTHxHEIGHT in pixels, each 50 … 4000, e.g. 600x400.");
    }
}
