// `--config FILE`: a JSON object of settings by the same names as `--set` (values may be strings,
// numbers, booleans or arrays of numbers). Precedence: command-line flag > config file > preset.
// Read with JsonDocument (no reflection, AOT-safe), a key given twice refused; a missing, oversized,
// special (FIFO, device) or malformed file is a usage error naming the file, line and column.
using System.Text.Json;

namespace Rein2.Cli;

public static class ConfigFile
{
    // a settings file is a few hundred bytes; a larger one is not a settings file
    const long MaxBytes = 1 << 20;

    public static List<(string Key, string Value)> Read(string path)
    {
        JsonElement root;
        try { root = RunFiles.ReadJson(path, MaxBytes); }
        catch (InvalidDataException e) { throw new UsageException($"config file {e.Message}"); }
        var list = new List<(string, string)>();
        foreach (var p in root.EnumerateObject()) list.Add((p.Name, ValueText(p.Value, $"config file {path}: \"{p.Name}\"")));
        return list;
    }

    /// <summary>
    /// A setting's JSON value as the text `--set` takes: a string, a number (as written), true/false,
    /// or an array of numbers (comma-separated, as net_arch=64,64); <paramref name="where"/> names it in an error.
    /// </summary>
    public static string ValueText(JsonElement v, string where) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => string.Join(',', v.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? e.GetRawText()
            : throw new UsageException($"{where} must be an array of numbers."))),
        // null is not "none": a setting that may be none says so in words ("target_kl": "none")
        _ => throw new UsageException($"{where} is {v.GetRawText()}; give a string, a number, true/false or an array of numbers (\"none\" where a setting allows none)."),
    };

    /// <summary>
    /// What identifies a run in a --print-config file (env, meta or algo, seed): removed from
    /// <paramref name="config"/> and returned, or null when absent. A flag given beside the file wins.
    /// </summary>
    public static string? Take(List<(string Key, string Value)> config, string key)
    {
        int i = config.FindIndex(kv => kv.Key == key);
        if (i < 0) return null;
        string v = config[i].Value;
        config.RemoveAt(i);
        return v;
    }

    /// <summary>The value of <paramref name="flag"/>: given on the command line, else the config file's <paramref name="key"/>, else the flag's default.</summary>
    public static string? FlagOrFile(ParsedArgs p, string flag, List<(string Key, string Value)> config, string key)
    {
        string? fromFile = Take(config, key);
        return p.Has(flag) || fromFile is null ? p.Get(flag) : Checked(p, flag, fromFile, key);
    }

    // a config file's value for a flag passes the flag's own check
    static string Checked(ParsedArgs p, string flag, string value, string key)
    {
        try { ParsedArgs.Check(p.Spec[flag], value); }
        catch (UsageException e) { throw new UsageException($"config file: \"{key}\": {e.Message}"); }
        return value;
    }

    /// <summary>Effective settings as a JSON object (strings), the format --config reads back.</summary>
    public static string Print(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var o = new JsonOut();
        foreach (var (k, v) in pairs) o.Add(k, v);
        return o.ToString();
    }
}
