// A small JSON writer for summaries and configs: no reflection (AOT-safe), numbers in shortest
// round-trip form, strings escaped.
using System.Globalization;
using System.Text;
using Rein2.Pure.Io;

namespace Rein2.Cli;

/// <summary>Builds a JSON object key by key.</summary>
public sealed class JsonOut
{
    readonly StringBuilder _sb = new();
    bool _first = true;

    /// <summary>Starts "{".</summary>
    public JsonOut() => _sb.Append('{');

    JsonOut Key(string key)
    {
        _sb.Append(_first ? "\n  " : ",\n  ");
        _first = false;
        Str(_sb, key);
        _sb.Append(": ");
        return this;
    }

    /// <summary>A string value.</summary>
    public JsonOut Add(string key, string? value) { Key(key); if (value is null) _sb.Append("null"); else Str(_sb, value); return this; }
    /// <summary>A number (NaN and ±∞ become null).</summary>
    public JsonOut Add(string key, double? value) { Key(key); _sb.Append(Num(value)); return this; }
    /// <summary>An integer.</summary>
    public JsonOut Add(string key, ulong value) { Key(key); _sb.Append(value.ToString(CultureInfo.InvariantCulture)); return this; }
    public JsonOut Add(string key, long? value) { Key(key); _sb.Append(value?.ToString(CultureInfo.InvariantCulture) ?? "null"); return this; }
    /// <summary>A boolean.</summary>
    public JsonOut Add(string key, bool value) { Key(key); _sb.Append(value ? "true" : "false"); return this; }
    /// <summary>A nested object of string → raw string values (as given).</summary>
    public JsonOut AddObject(string key, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        Key(key).Raw("{");
        bool first = true;
        foreach (var (k, v) in pairs)
        {
            _sb.Append(first ? "" : ", ");
            first = false;
            Str(_sb, k); _sb.Append(": "); Str(_sb, v);
        }
        return Raw("}");
    }

    /// <summary>An array of numbers (NaN and ±∞ become null).</summary>
    public JsonOut AddArray(string key, IEnumerable<double> values)
    {
        Key(key).Raw("[");
        bool first = true;
        foreach (double v in values) { _sb.Append(first ? "" : ", ").Append(Num(v)); first = false; }
        return Raw("]");
    }

    /// <summary>An array of strings.</summary>
    public JsonOut AddArray(string key, IEnumerable<string> values)
    {
        Key(key).Raw("[");
        bool first = true;
        foreach (string v in values) { _sb.Append(first ? "" : ", "); Str(_sb, v); first = false; }
        return Raw("]");
    }

    /// <summary>An array of objects, each indented under the key, or each on one line when <paramref name="compact"/>.</summary>
    public JsonOut AddObjects(string key, IEnumerable<JsonOut> items, bool compact = false)
    {
        Key(key).Raw("[");
        bool first = true;
        foreach (var item in items)
        {
            string text = compact ? item.ToCompactString() : item.ToString().TrimEnd();
            _sb.Append(first ? "\n    " : ",\n    ").Append(text.Replace("\n", "\n    "));
            first = false;
        }
        return Raw(first ? "]" : "\n  ]");
    }

    JsonOut Raw(string s) { _sb.Append(s); return this; }

    /// <summary>The finished document.</summary>
    public override string ToString() => _sb.ToString() + "\n}\n";

    /// <summary>The finished document on one line.</summary>
    public string ToCompactString() => _sb.ToString().Replace("\n  ", " ") + " }";

    /// <summary>Number formatting used everywhere: shortest round-trip, null for NaN/∞.</summary>
    public static string Num(double? v) => v is double d && double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "null";

    static void Str(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>Writes text atomically (temp file in the same folder, then rename).</summary>
    public static void WriteAtomically(string path, string text)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
        AtomicFile.Write(path, fs => fs.Write(bytes));
    }
}
