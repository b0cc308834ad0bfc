// The usage text, generated from the declarations (Commands.cs) and the library's settings tables:
// `rein2 --help` prints every command, `rein2 COMMAND --help` and `rein2 help COMMAND` one. Nothing
// here restates a default or a range; those come from the declarations. Kept apart from parsing so
// the help of a command whose flags fail to parse is still reachable.
using Rein2.Pure.Algos;
using Rein2.Pure.Meta;

namespace Rein2.Cli;

public static class CommandHelp
{
    const string Intro = "rein2 — REIN-2 meta-reinforcement learning in pure C#";

    const string Checkpoints = """
          Checkpoints: DIR/checkpoint.bin is written by the clock (--checkpoint-minutes), by steps
          if asked (--checkpoint-every: meta steps for train, env steps for baseline), at the end
          of the run, and on Ctrl-C or SIGTERM — then the command exits with code 130 and prints the --resume
          command (a second Ctrl-C quits at once). Resume is bit-identical whichever of these
          wrote the checkpoint. Files are written to a temporary name, flushed and renamed; a
          NaN/∞ loss or parameter stops the run with the last good checkpoint kept.
        """;

    /// <summary>The usage line of a command: rein2 NAME [POSITIONAL] [flags].</summary>
    public static string Usage(CommandSpec c)
    {
        string pos = c.Positional is null ? "" : c.MinPositional > 0 ? $" {c.Positional}" : $" [{c.Positional}]";
        if (c.MaxPositional > 1 && c.Positional != null && c.Name != "help") pos += " ...";
        return $"rein2 {c.Name}{pos}{(c.Flags.Count > 0 ? " [flags]" : "")}";
    }

    // one command's section, generated from its declaration: usage, description, then every flag
    // with its value, allowed range or choices and default
    static string Section(CommandSpec c)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("  ").Append(Usage(c)).Append('\n');
        foreach (var line in c.Description.Trim().Split('\n')) sb.Append("      ").Append(line.Trim()).Append('\n');
        foreach (var f in c.Flags)
        {
            string head = f.Kind == FlagKind.Switch ? f.Name : $"{f.Name} {f.Value}";
            var facts = new List<string>();
            if (f.Allowed.Length > 0 && !(f.Kind == FlagKind.Choice && f.Choices.Count > 8)) facts.Add(f.Allowed);
            if (f.Kind == FlagKind.Choice && f.Choices.Count > 8) facts.Add("see rein2 envs");
            if (f.Default != null) facts.Add($"default {f.Default}");
            if (f.SetKey != null) facts.Add($"setting {f.SetKey}");
            sb.Append($"    {head,-30} {f.Help}{(facts.Count > 0 ? $" ({string.Join("; ", facts)})" : "")}\n");
        }
        if (c.More != null) sb.Append(c.More());
        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>The settings `train --set` takes: REIN-2's table with each key's range and default.</summary>
    public static string Rein2Settings()
    {
        var defaults = Rein2Keys.Describe(new Rein2Options()).ToDictionary(kv => kv.Key, kv => kv.Value);
        var sb = new System.Text.StringBuilder("  Settings (--set key=value, --config), from the library's table:\n");
        foreach (var s in Rein2Keys.Table) sb.Append($"    {s.Key,-30} {s.Allowed} (default {defaults[s.Key]})\n");
        sb.Append($"    {"meta.<key>",-30} the meta-learner's SB3 hyperparameters (ppo/a2c; --print-config lists them)\n");
        sb.Append($"  Presets: {string.Join(", ", Rein2Keys.Presets)}.\n");
        return sb.ToString();
    }

    /// <summary>The hyperparameters `baseline --set` takes, with their ranges (defaults: the Zoo preset; --print-config shows them).</summary>
    public static string BaselineSettings()
    {
        var sb = new System.Text.StringBuilder("  Settings (--set key=value, --config), SB3's names; defaults are the RL Zoo preset for the pair (--print-config):\n");
        foreach (var s in OptionKeys.OnPolicy) sb.Append($"    {s.Key,-30} {s.Allowed} (ppo/a2c)\n");
        foreach (var s in OptionKeys.Dqn) sb.Append($"    {s.Key,-30} {s.Allowed} (dqn)\n");
        return sb.ToString();
    }

    /// <summary>The command names `rein2 help` knows ("reproduce" covers both of its forms).</summary>
    public static IEnumerable<string> Names => Commands.All.Select(c => c.Name.Split(' ')[0]).Distinct();

    const string ExitCodes = """
        Exit codes: 0 success, 1 runtime failure (e.g. divergence, an unexpected error), 2 usage or
        input error (a bad flag or setting, an unwritable --out, or a missing, truncated, corrupted
        or wrong-kind file), 130 interrupted after writing a checkpoint.
        """;

    /// <summary>The whole help: every command, then the exit codes.</summary>
    public static string All => $"{Intro}\n\nUsage:\n{string.Join("\n\n", Commands.All.Select(Section))}\n\n{Checkpoints}\n\n{ExitCodes}";

    /// <summary>One command's help ("reproduce": both forms), or null for an unknown command.</summary>
    public static string? For(string command)
    {
        var specs = Commands.All.Where(c => c.Name == command || c.Name.Split(' ')[0] == command).ToList();
        if (specs.Count == 0) return null;
        bool checkpoints = specs.Any(c => c.Checkpoints);
        return $"{Intro}\n\nUsage:\n{string.Join("\n\n", specs.Select(Section))}{(checkpoints ? "\n\n" + Checkpoints : "")}\n\n{ExitCodes}";
    }

    /// <summary>True when the arguments after the command ask for its help.</summary>
    public static bool Asked(string[] args) => args.Skip(1).Any(a => a is "--help" or "-h");
}
