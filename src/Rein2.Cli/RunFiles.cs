// Reading a run directory's own files back for `rein2 report`: summary.json / table1.json through
// System.Text.Json's DOM (no reflection, AOT-safe) and the CSV logs as numeric columns. A missing
// or damaged file is an InvalidDataException naming the file and what is wrong.
using System.Globalization;
using System.Text.Json;

namespace Rein2.Cli;

public static class RunFiles
{
    /// <summary>Parses a JSON file written by the CLI.</summary>
    public static JsonElement ReadJson(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}: expected a JSON object.");
            return doc.RootElement.Clone();
        }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})."); }
        catch (FileNotFoundException) { throw new InvalidDataException($"{path} is missing."); }
    }

    /// <summary>A CSV log with a header row and numeric cells (empty or "null": NaN) as columns by name.</summary>
    public static Dictionary<string, double[]> ReadCsv(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path} is missing.");
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
