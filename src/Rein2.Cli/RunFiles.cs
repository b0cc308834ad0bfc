// Reading a run directory's own files back for `rein2 report`: summary.json / table1.json through
// System.Text.Json's DOM (no reflection, AOT-safe) and the CSV logs as numeric columns. A missing
// or damaged file is an InvalidDataException naming the file and what is wrong.
using System.Globalization;
using System.Text.Json;

namespace Rein2.Cli;

public static class RunFiles
{
    /// <summary>The cap on a run's own text files (JSON, CSV, Markdown): those of the largest protocol are well below it.</summary>
    public const long MaxRunFileBytes = 64L << 20;

    /// <summary>Parses a JSON file (a run's, or a --config file): one object, no key twice.</summary>
    public static JsonElement ReadJson(string path, long maxBytes = MaxRunFileBytes)
    {
        string text = InputFiles.ReadText(path, maxBytes);
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowDuplicateProperties = false });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}: expected a JSON object {{ \"key\": value, … }}, found {Kind(doc.RootElement.ValueKind)}.");
            return doc.RootElement.Clone();
        }
        catch (JsonException e) { throw new InvalidDataException(path + Describe(e)); }
    }

    /// <summary>A JSON error in the project's words, to follow a file name: ", line L, column C: what is wrong." (1-based) or ": what is wrong.".</summary>
    public static string Describe(JsonException e)
    {
        string m = e.Message;
        foreach (string tail in new[] { " LineNumber:", " Path:", " Change the reader options", " Consider using" })
            if (m.IndexOf(tail, StringComparison.Ordinal) is int k and >= 0) m = m[..k];
        m = string.Join(' ', m.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        if (m.StartsWith("Duplicate property", StringComparison.Ordinal))
            m = $"the key {(m.IndexOf('\'') is int q and >= 0 ? m[q..(m.IndexOf('\'', q + 1) + 1)] : "")} appears twice; give each key once.";
        if (!m.EndsWith('.')) m += ".";
        return e.LineNumber is long line ? $", line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}: {m}" : $": {m}";
    }

    static string Kind(JsonValueKind k) => k switch
    {
        JsonValueKind.Array => "an array", JsonValueKind.String => "a string", JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean", JsonValueKind.Null => "null", _ => "an object",
    };

    /// <summary>A property that must be there with the given kind; otherwise an error naming the file, the key and what was found.</summary>
    public static JsonElement Required(JsonElement e, string name, string path, JsonValueKind kind)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v))
            throw new InvalidDataException($"{path}: \"{name}\" is missing.");
        if (v.ValueKind != kind) throw new InvalidDataException($"{path}: \"{name}\" must be {Kind(kind)}, found {Kind(v.ValueKind)}.");
        return v;
    }

    /// <summary>An array of numbers (null: NaN); anything else is an error naming the file and the key.</summary>
    public static double[] Numbers(JsonElement array, string path, string name)
    {
        if (array.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{path}: \"{name}\" must be an array of numbers, found {Kind(array.ValueKind)}.");
        return array.EnumerateArray().Select(x => x.ValueKind switch
        {
            JsonValueKind.Number => x.GetDouble(),
            JsonValueKind.Null => double.NaN,
            _ => throw new InvalidDataException($"{path}: \"{name}\" must hold numbers, found {Kind(x.ValueKind)}."),
        }).ToArray();
    }

    /// <summary>A CSV log with a header row and numeric cells (empty or "null": NaN) as columns by name.</summary>
    public static Dictionary<string, double[]> ReadCsv(string path)
    {
        if (InputFiles.Problem(path, MaxRunFileBytes) is string why) throw new InvalidDataException($"{path} {why}.");
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0) throw new InvalidDataException($"{path} is empty (expected a header row).");
        var header = lines[0].Split(',');
        var cols = header.Select(_ => new double[lines.Length - 1]).ToArray();
        for (int i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != header.Length) throw new InvalidDataException($"{path}, line {i + 1}: {cells.Length} cells, the header has {header.Length}.");
            for (int c = 0; c < cells.Length; c++)
            {
                if (cells[c] is "" or "null") { cols[c][i - 1] = double.NaN; continue; }
                if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out cols[c][i - 1]))
                    throw new InvalidDataException($"{path}, line {i + 1}: '{cells[c]}' in column {header[c]} is not a number.");
            }
        }
        return header.Select((h, c) => (h, c)).ToDictionary(x => x.h, x => cols[x.c]);
    }

    /// <summary>The named column of a CSV read by <see cref="ReadCsv"/>, or an error naming the file.</summary>
    public static double[] Column(this Dictionary<string, double[]> csv, string name, string path) =>
        csv.TryGetValue(name, out var col) ? col : throw new InvalidDataException($"{path} has no column '{name}' (columns: {string.Join(", ", csv.Keys)}).");

    /// <summary>A property's text as written (strings unquoted, numbers as in the file), or null when absent.</summary>
    public static string? Text(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null => null,
            _ => v.GetRawText(),
        } : null;

    /// <summary>A numeric property, or NaN when absent or null.</summary>
    public static double Number(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;

    /// <summary>The string-valued pairs of an object property (e.g. "settings"), in file order; empty when absent.</summary>
    public static List<(string Key, string Value)> Pairs(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var o) && o.ValueKind == JsonValueKind.Object
            ? o.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())).ToList()
            : [];
}
