// `rein2 rollout --env ID [--seed N] [--actions FILE|-]`: the command-line face of the scalar
// environment, so anyone can check it against Gymnasium from any language. JSON lines out:
//   {"obs": [...]}                                              a reset
//   {"obs": [...], "reward": r, "terminated": b, "truncated": b}  a step
// After an episode ends and more actions follow, it resets *without* a seed (continuing the
// generator, as Gymnasium's reset() does). Observations are float32 and rewards float64, both in
// shortest round-trip form. Bad input: exit 2 with one line naming the input line and the problem.
using System.Globalization;
using System.Text;
using System.Text.Json;
using Rein2.Pure.Envs;

namespace Rein2.Cli;

public static class RolloutCommand
{
    public static int Run(string[] args, TextReader stdin, TextWriter stdout)
    {
        var p = Commands.Rollout.Parse(args, 1);
        string id = p.Get("--env") ?? throw new UsageException($"rollout needs --env ID (one of: {string.Join(", ", EnvRegistry.Ids)}).");
        Env env = EnvRegistry.Make(id);
        ulong seed = p.Seed("--seed");
        string source = p.Get("--actions")!;
        TextReader reader;
        if (source == "-") reader = stdin;
        else
        {
            InputFiles.Check(source, "actions file", long.MaxValue);
            reader = new StreamReader(source, Encoding.UTF8);
        }

        var obs = new float[env.ObservationSize];
        var line = new StringBuilder(256);
        env.Reset(obs, seed);
        WriteLine(stdout, line, obs, null);
        bool needsReset = false;
        int lineNo = 0;
        using (reader == stdin ? null : reader)
        {
            string? text;
            while ((text = reader.ReadLine()) != null)
            {
                lineNo++;
                if (string.IsNullOrWhiteSpace(text)) continue;
                StepResult r;
                try
                {
                    if (env.ActionSpace is DiscreteSpace d)
                    {
                        int a = ParseDiscrete(text, d);
                        if (needsReset) { env.Reset(obs); WriteLine(stdout, line, obs, null); needsReset = false; }
                        r = env.Step(a, obs);
                    }
                    else
                    {
                        float[] a = ParseBox(text, (BoxSpace)env.ActionSpace);
                        if (needsReset) { env.Reset(obs); WriteLine(stdout, line, obs, null); needsReset = false; }
                        r = env.Step(a, obs);
                    }
                }
                catch (Exception e) when (e is FormatException or ArgumentException)
                {
                    stdout.Flush();
                    throw new UsageException($"actions line {lineNo}: {e.Message}");
                }
                WriteLine(stdout, line, obs, r);
                needsReset = r.Done;
            }
        }
        stdout.Flush();
        return CommandLine.Ok;
    }

    static int ParseDiscrete(string text, DiscreteSpace d)
    {
        if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long a))
            throw new FormatException($"'{Shorten(text)}' is not an integer action; this environment takes 0 … {d.N - 1}.");
        if (!d.Contains(a)) throw new ArgumentException($"action {a} is outside Discrete({d.N}): allowed 0 … {d.N - 1}.");
        return (int)a;
    }

    static float[] ParseBox(string text, BoxSpace b)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text); }
        catch (JsonException) { throw new FormatException($"'{Shorten(text)}' is not a JSON array of {b.Dim} number(s), e.g. [0.5]."); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() != b.Dim)
                throw new FormatException($"'{Shorten(text)}' is not a JSON array of {b.Dim} number(s), e.g. [0.5].");
            var a = new float[b.Dim];
            int i = 0;
            foreach (var v in root.EnumerateArray())
            {
                if (v.ValueKind != JsonValueKind.Number) throw new FormatException($"element {i} of '{Shorten(text)}' is not a number.");
                a[i++] = (float)v.GetDouble();
            }
            return a;
        }
    }

    static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    static void WriteLine(TextWriter w, StringBuilder sb, float[] obs, StepResult? r)
    {
        sb.Clear().Append("{\"obs\": [");
        for (int i = 0; i < obs.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(obs[i].ToString("R", CultureInfo.InvariantCulture));
        }
        sb.Append(']');
        if (r is StepResult s)
        {
            sb.Append(", \"reward\": ").Append(s.Reward.ToString("R", CultureInfo.InvariantCulture));
            sb.Append(", \"terminated\": ").Append(s.Terminated ? "true" : "false");
            sb.Append(", \"truncated\": ").Append(s.Truncated ? "true" : "false");
        }
        sb.Append('}');
        w.WriteLine(sb);
    }
}
