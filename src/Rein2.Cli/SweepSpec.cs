// A sweep's grid, read from SPEC.json (docs/scale-out.md, "Any grid: rein2 sweep"):
//   {
//     "command":  "train",                        // or "baseline"
//     "envs":     ["Acrobot-v1", "MountainCar-v0"],
//     "meta":     ["random", "es", "ars"],        // train: meta-learners; baseline: "algos": ["ppo", "dqn"]
//     "seeds":    10,                             // seeds first_seed … first_seed + 9, or a list [0, 4, 9]
//     "first_seed": 0,
//     "settings": { "steps": 500, "search_sigma": [0.1, 0.15] },   // a value, or a list of alternatives
//     "control":  "random"                        // paired statistics of every other learner against it
//   }
// The jobs are envs × learners × every combination of the settings' alternatives × seeds. Every
// job's settings are applied and validated (by the same code as train's and baseline's) before
// anything runs, so a bad key or value is refused with the job it belongs to. A setting given as a
// list is a list of alternatives; a list-valued setting (net_arch) is a list inside it: [[64, 64]].
using System.Globalization;
using System.Text;
using System.Text.Json;
using Rein2.Pure;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Meta;

namespace Rein2.Cli;

/// <summary>One job of a sweep: a train or baseline run with its settings and seed.</summary>
public sealed record SweepJob(string Command, string Env, string Learner, (string Key, string Value)[] Settings, ulong Seed, string Name, double Cost)
{
    /// <summary>The settings as one text, "k=v k=v" ("defaults" when none).</summary>
    public string SettingsText => Settings.Length == 0 ? "defaults" : string.Join(' ', Settings.Select(kv => $"{kv.Key}={kv.Value}"));
}

/// <summary>One cell of a sweep's grid: a learner with one combination of the settings and a seed, and the job that gives its result (shared by the cells of settings the learner does not read).</summary>
public sealed record SweepCell(string Env, string Learner, (string Key, string Value)[] Combination, ulong Seed, int Job)
{
    /// <summary>The combination as one text, "k=v k=v" ("defaults" when none).</summary>
    public string CombinationText => Combination.Length == 0 ? "defaults" : string.Join(' ', Combination.Select(kv => $"{kv.Key}={kv.Value}"));
}

public sealed class SweepSpec
{
    static readonly string[] Keys = ["command", "envs", "meta", "algos", "seeds", "first_seed", "settings", "control"];
    static readonly string[] Algos = ["ppo", "a2c", "dqn"];
    public const int MaxJobs = 100_000;

    public required string Command { get; init; }
    public required string[] Envs { get; init; }
    public required string[] Learners { get; init; }
    public required ulong[] Seeds { get; init; }
    public required (string Key, string[] Values)[] Settings { get; init; }
    public required string Control { get; init; }
    /// <summary>The runs, each once: a learner is not run again for another value of a setting it does not read (random search and meta.learning_rate, say).</summary>
    public required IReadOnlyList<SweepJob> Jobs { get; init; }
    /// <summary>The grid as the spec names it, every cell pointing at its job.</summary>
    public required IReadOnlyList<SweepCell> Cells { get; init; }

    public static SweepSpec Read(string path)
    {
        JsonElement root;
        try { root = RunFiles.ReadJson(path, 1 << 20); }
        catch (InvalidDataException e) { throw new UsageException($"sweep spec {e.Message}"); }
        UsageException Bad(string what) => new($"sweep spec {path}: {what}");
        foreach (var p in root.EnumerateObject())
            if (!Keys.Contains(p.Name)) throw Bad($"\"{CommandLine.Printable(p.Name)}\" is not a key of a sweep; allowed: {string.Join(", ", Keys)}.");

        string command = Text(root, "command", path) ?? throw Bad("\"command\" is missing; give \"train\" or \"baseline\".");
        if (command is not ("train" or "baseline")) throw Bad($"\"command\" is \"{CommandLine.Printable(command)}\"; allowed: train, baseline.");
        string learnerKey = command == "train" ? "meta" : "algos", otherKey = command == "train" ? "algos" : "meta";
        if (root.TryGetProperty(otherKey, out _)) throw Bad($"\"{otherKey}\" goes with command {(command == "train" ? "baseline" : "train")}; a {command} sweep lists its learners in \"{learnerKey}\".");
        string[] allowedEnvs = [.. EnvRegistry.Ids];
        var envs = Strings(root, "envs", path, allowedEnvs);
        var learners = Strings(root, learnerKey, path, command == "train" ? Commands.Metas : Algos);
        var seeds = ReadSeeds(root, path);
        var settings = new List<(string, string[])>();
        if (root.TryGetProperty("settings", out var set))
        {
            if (set.ValueKind != JsonValueKind.Object) throw Bad("\"settings\" must be an object { \"key\": value or [alternatives], … }.");
            foreach (var p in set.EnumerateObject())
            {
                string where = $"sweep spec {path}: settings \"{CommandLine.Printable(p.Name)}\"";
                string[] values = p.Value.ValueKind == JsonValueKind.Array
                    ? [.. p.Value.EnumerateArray().Select(v => ConfigFile.ValueText(v, where + " (an alternative)"))]
                    : [ConfigFile.ValueText(p.Value, where)];
                if (values.Length == 0) throw Bad($"settings \"{CommandLine.Printable(p.Name)}\" lists no alternatives.");
                if (values.Distinct().Count() != values.Length) throw Bad($"settings \"{CommandLine.Printable(p.Name)}\" lists an alternative twice.");
                settings.Add((p.Name, values));
            }
        }
        string control = Text(root, "control", path) ?? (learners.Contains("random") ? "random" : learners[0]);
        if (!learners.Contains(control)) throw Bad($"\"control\" is \"{CommandLine.Printable(control)}\", which is not one of the sweep's {learnerKey}: {string.Join(", ", learners)}.");

        long count = (long)envs.Length * learners.Length * seeds.Length * settings.Aggregate(1L, (n, s) => n * s.Item2.Length);
        if (count > MaxJobs) throw Bad($"the grid has {count} jobs; at most {MaxJobs} are allowed in one sweep.");
        var jobs = new List<SweepJob>();
        var cells = new List<SweepCell>();
        var byName = new Dictionary<string, int>();
        foreach (var env in envs)
            foreach (var learner in learners)
                foreach (var combo in Combinations(settings))
                {
                    string where = $"sweep spec {path}: {command} {learner} on {env} with {(combo.Length == 0 ? "the defaults" : string.Join(' ', combo.Select(kv => $"{kv.Key}={kv.Value}")))}";
                    var read = combo.Where(kv => command == "baseline" || Rein2Keys.IsReadBy(TrainCommand.ParseMeta(learner), kv.Key)).ToArray();
                    foreach (var kv in combo.Except(read)) CheckValue(kv.Key, kv.Value, where);
                    // every job's settings checked now, by the code that will run it; the cost from its budget
                    double cost = Check(command, env, learner, read, where);
                    foreach (var seed in seeds)
                    {
                        string name = Name(command, env, learner, read, seed);
                        if (!byName.TryGetValue(name, out int job)) { byName[name] = job = jobs.Count; jobs.Add(new SweepJob(command, env, learner, read, seed, name, cost)); }
                        cells.Add(new SweepCell(env, learner, combo, seed, job));
                    }
                }
        return new SweepSpec { Command = command, Envs = envs, Learners = learners, Seeds = seeds, Settings = [.. settings], Control = control, Jobs = jobs, Cells = cells };
    }

    // a value of a setting the learner does not read is still a valid value of that setting
    static void CheckValue(string key, string value, string where)
    {
        try { Rein2Keys.Set(new Rein2Options(), key, value); }
        catch (InvalidSettingException e) { throw new UsageException($"{where}: {e.Message}"); }
    }

    // every combination of the settings' alternatives, the first setting varying slowest
    static List<(string Key, string Value)[]> Combinations(List<(string Key, string[] Values)> settings)
    {
        var all = new List<(string Key, string Value)[]> { Array.Empty<(string, string)>() };
        foreach (var (key, values) in settings)
            all = [.. all.SelectMany(c => values.Select(v => c.Append((key, v)).ToArray()))];
        return all;
    }

    // builds the job's options exactly as the job will (SweepCommand.Trainer) and returns its estimated cost
    static double Check(string command, string env, string learner, (string Key, string Value)[] settings, string where)
    {
        try
        {
            var trainer = SweepCommand.Trainer(command, env, learner, settings, 0, threads: 1);
            double perStep = trainer is Rein2Trainer r ? r.Options.Episodes * EnvRegistry.Spec(env).MaxEpisodeSteps / 2.0 : 1;
            return trainer.TotalSteps * perStep;
        }
        catch (Exception e) when (e is InvalidSettingException or UsageException or InvalidDataException)
        {
            throw new UsageException($"{where}: {e.Message}");
        }
    }

    // the job's directory name: readable, from its settings and seed, and safe on every file system;
    // when a value had to be changed to be safe, a hash of the exact settings keeps names apart
    static string Name(string command, string env, string learner, (string Key, string Value)[] settings, ulong seed)
    {
        string text = string.Concat(settings.Select(kv => $"-{kv.Key}={kv.Value}"));
        var safe = new StringBuilder();
        foreach (char c in text) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '=' or '-' ? c : '_');
        string name = $"{command}-{env}-{learner}{safe}";
        if (safe.ToString() != text || name.Length > 180) name = $"{name[..Math.Min(name.Length, 180)]}-h{Fnv(text):x8}";
        return $"{name}-s{seed.ToString(CultureInfo.InvariantCulture)}";
    }

    static uint Fnv(string s)
    {
        uint h = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(s)) h = (h ^ b) * 16777619;
        return h;
    }

    static string? Text(JsonElement root, string key, string path)
    {
        if (!root.TryGetProperty(key, out var v)) return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new UsageException($"sweep spec {path}: \"{key}\" must be a string.");
    }

    static string[] Strings(JsonElement root, string key, string path, IReadOnlyList<string> allowed)
    {
        if (!root.TryGetProperty(key, out var v)) throw new UsageException($"sweep spec {path}: \"{key}\" is missing; allowed values: {string.Join(", ", allowed)}.");
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0 || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
            throw new UsageException($"sweep spec {path}: \"{key}\" must be a non-empty array of strings from: {string.Join(", ", allowed)}.");
        var items = v.EnumerateArray().Select(x => x.GetString()!).ToArray();
        foreach (var item in items)
            if (!allowed.Contains(item)) throw new UsageException($"sweep spec {path}: \"{key}\" has \"{CommandLine.Printable(item)}\"; allowed: {string.Join(", ", allowed)}.");
        if (items.Distinct().Count() != items.Length) throw new UsageException($"sweep spec {path}: \"{key}\" lists a value twice.");
        return items;
    }

    static ulong[] ReadSeeds(JsonElement root, string path)
    {
        UsageException Bad(string what) => new($"sweep spec {path}: {what}");
        if (!root.TryGetProperty("seeds", out var v)) throw Bad("\"seeds\" is missing; give a count (10) or a list ([0, 1, 2]).");
        ulong first = 0;
        if (root.TryGetProperty("first_seed", out var f) && !(f.ValueKind == JsonValueKind.Number && f.TryGetUInt64(out first)))
            throw Bad($"\"first_seed\" is {f.GetRawText()}; allowed: an integer 0 … 18446744073709551615.");
        if (v.ValueKind == JsonValueKind.Number)
        {
            if (!v.TryGetInt32(out int n) || n is < 1 or > 10_000) throw Bad($"\"seeds\" is {v.GetRawText()}; allowed: a count 1 … 10000, or a list of seeds.");
            if (first > ulong.MaxValue - (ulong)(n - 1)) throw Bad($"\"first_seed\" {first} + {n} seeds passes 18446744073709551615.");
            return [.. Enumerable.Range(0, n).Select(i => first + (ulong)i)];
        }
        if (root.TryGetProperty("first_seed", out _)) throw Bad("\"first_seed\" goes with a count of seeds, not with a list.");
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0) throw Bad("\"seeds\" must be a count (10) or a non-empty list ([0, 1, 2]).");
        var seeds = v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number && x.TryGetUInt64(out ulong s) ? s
            : throw Bad($"\"seeds\" has {x.GetRawText()}; allowed: integers 0 … 18446744073709551615.")).ToArray();
        if (seeds.Distinct().Count() != seeds.Length) throw Bad("\"seeds\" lists a seed twice.");
        return seeds;
    }
}
