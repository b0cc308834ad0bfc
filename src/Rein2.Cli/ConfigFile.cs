// `--config FILE`: a JSON object of settings by the same names as `--set` (values may be strings,
// numbers, booleans or arrays of numbers). Precedence: command-line flag > config file > preset.
// Read with JsonDocument (no reflection, AOT-safe); a missing or malformed file is a usage error
// naming the file and the problem.
using System.Globalization;
using System.Text.Json;

namespace Rein2.Cli;

public static class ConfigFile
{
    public static List<(string Key, string Value)> Read(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"config file '{path}' does not exist.");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new UsageException($"config file '{path}' is not valid JSON: {e.Message}"); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new UsageException($"config file '{path}' must hold a JSON object of key: value settings.");
            var list = new List<(string, string)>();
            foreach (var p in doc.RootElement.EnumerateObject())
                list.Add((p.Name, p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString()!,
                    JsonValueKind.Number => p.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => "none",
                    JsonValueKind.Array => string.Join(',', p.Value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? e.GetRawText()
                        : throw new UsageException($"config file '{path}': '{p.Name}' must be an array of numbers."))),
                    _ => throw new UsageException($"config file '{path}': '{p.Name}' has an unsupported value {p.Value.GetRawText()}."),
                }));
            return list;
        }
    }

    /// <summary>Effective settings as a JSON object (strings), the format --config reads back.</summary>
    public static string Print(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var o = new JsonOut();
        foreach (var (k, v) in pairs) o.Add(k, v);
        return o.ToString();
    }
}
