// One definition per setting. Each setting of an options record is declared once, as one line of a
// table: its key (SB3/RL-Zoo name), how to read and write it on the typed record, its range, and for
// which algorithms it applies. Parsing `--set key=value`, printing the effective settings, the list of
// keys and Validate() all come from that one line, so they cannot disagree.
using System.Globalization;
using Rein2.Pure.Nn;
using Rein2.Pure.Optim;

namespace Rein2.Pure.Algos;

/// <summary>One setting of an options record <typeparamref name="T"/>: key, text form, parser and range.</summary>
public sealed class Setting<T>
{
    readonly Func<T, string> _text;
    readonly Func<T, string, T> _parse;
    readonly Func<T, bool> _valid;
    readonly Func<T, bool> _applies;

    internal Setting(string key, string allowed, Func<T, string> text, Func<T, string, T> parse, Func<T, bool> valid, Func<T, bool>? applies = null)
    {
        Key = key; Allowed = allowed; _text = text; _parse = parse; _valid = valid; _applies = applies ?? (_ => true);
    }

    /// <summary>The name, as SB3 and the RL Zoo spell it.</summary>
    public string Key { get; }
    /// <summary>What values are allowed, in words.</summary>
    public string Allowed { get; }
    /// <summary>Whether the setting applies to these options (e.g. batch_size to PPO, not A2C).</summary>
    public bool AppliesTo(T o) => _applies(o);
    /// <summary>The value as text (round-trips through <see cref="Parse"/>).</summary>
    public string Text(T o) => _text(o);
    /// <summary><paramref name="o"/> with this setting parsed from <paramref name="value"/> (range-checked).</summary>
    public T Parse(T o, string value) => _parse(o, value);
    /// <summary>Throws an InvalidSettingException when the value is out of range.</summary>
    public void Check(T o)
    {
        if (!_valid(o)) throw new InvalidSettingException($"{Key}={Text(o)} is out of range; allowed: {Allowed}.");
    }

    /// <summary>Parses `key=value` against <paramref name="table"/>: unknown or non-applying keys and bad values are errors naming them.</summary>
    internal static T Set(IReadOnlyList<Setting<T>> table, T o, string key, string value, string owner, string noun = "hyperparameter", string alsoAllowed = "")
    {
        var s = table.FirstOrDefault(x => x.Key == key);
        if (s == null) throw new InvalidSettingException($"Unknown {noun} '{key}' for {owner}; allowed: {string.Join(", ", Keys(table, o))}{alsoAllowed}.");
        if (!s.AppliesTo(o)) throw new InvalidSettingException($"Hyperparameter '{key}' does not apply to {owner}; allowed: {string.Join(", ", Keys(table, o))}.");
        return s.Parse(o, value);
    }

    internal static IEnumerable<string> Keys(IReadOnlyList<Setting<T>> table, T o) => table.Where(s => s.AppliesTo(o)).Select(s => s.Key);
}

/// <summary>
/// The one grammar for numbers given as text — `--set` values, config files, command-line flags: an
/// integer is ASCII digits with an optional leading '-', or a whole number written as 1e6 / 2.5e3 (as
/// the RL Zoo's files write step counts); a number is a decimal with optional sign and exponent. No
/// spaces, no '+', no thousands separators, no NaN or ∞: anything else is refused, never guessed.
/// </summary>
public static class SettingText
{
    /// <summary>Parses an integer in the grammar above (false when it is not one, or exceeds ±9.2e18).</summary>
    public static bool TryParseInteger(string text, out long value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 40) return false;
        int sign = text[0] == '-' ? 1 : 0;
        if (text.Length > sign && text.AsSpan(sign).IndexOfAnyExceptInRange('0', '9') < 0)
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        // 1e6, 2.5e3: a whole number in exponent form
        if (text.IndexOfAny(['e', 'E']) <= 0 || !TryParseNumber(text, out double d) || d != Math.Floor(d) || Math.Abs(d) >= 9.2e18) return false;
        value = (long)d;
        return true;
    }

    /// <summary>Parses a finite decimal number: optional '-', digits, optional fraction and exponent.</summary>
    public static bool TryParseNumber(string text, out double value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 64 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]) || text[0] == '+') return false;
        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
               && double.IsFinite(value);
    }
}

/// <summary>Builders for the setting tables: one per value type, with its parser, text form and range.</summary>
internal static class Settings
{
    public static Setting<T> Long<T>(string key, Func<T, long> get, Func<T, long, T> set, long lo, long hi, Func<T, bool>? applies = null) =>
        new(key, IntRange(lo, hi), o => Str(get(o)), (o, v) => set(o, ParseLong(key, v, lo, hi)), o => get(o) >= lo && get(o) <= hi, applies);

    public static Setting<T> Int<T>(string key, Func<T, int> get, Func<T, int, T> set, int lo, int hi, Func<T, bool>? applies = null) =>
        new(key, IntRange(lo, hi), o => Str(get(o)), (o, v) => set(o, (int)ParseLong(key, v, lo, hi)), o => get(o) >= lo && get(o) <= hi, applies);

    /// <summary>A number in [lo, hi], or (lo exclusive) in (lo, hi].</summary>
    public static Setting<T> Double<T>(string key, Func<T, double> get, Func<T, double, T> set, double lo, double hi, bool loExclusive = false, Func<T, bool>? applies = null)
    {
        string allowed = $"a number in {(loExclusive ? "(" : "[")}{Str(lo)}, {Str(hi)}]";
        bool In(double d) => (loExclusive ? d > lo : d >= lo) && d <= hi;
        return new(key, allowed, o => Str(get(o)), (o, v) =>
        {
            if (SettingText.TryParseNumber(v, out double d) && In(d)) return set(o, d);
            throw new InvalidSettingException($"{key}={v} is invalid; allowed: {allowed}.");
        }, o => In(get(o)), applies);
    }

    /// <summary>A number in (lo, hi], or none (null).</summary>
    public static Setting<T> OptionalDouble<T>(string key, Func<T, double?> get, Func<T, double?, T> set, double lo, double hi, Func<T, bool>? applies = null)
    {
        string allowed = $"a number in ({Str(lo)}, {Str(hi)}], or none";
        bool In(double? d) => d is null || (d > lo && d <= hi);
        return new(key, allowed, o => get(o) is double d ? Str(d) : "none", (o, v) =>
        {
            if (v is "none") return set(o, null);
            if (SettingText.TryParseNumber(v, out double d) && In(d)) return set(o, d);
            throw new InvalidSettingException($"{key}={v} is invalid; allowed: {allowed}.");
        }, o => In(get(o)), applies);
    }

    public static Setting<T> Bool<T>(string key, Func<T, bool> get, Func<T, bool, T> set, Func<T, bool>? applies = null) =>
        new(key, "true or false", o => get(o) ? "true" : "false", (o, v) => set(o, v.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw new InvalidSettingException($"{key}={v} is invalid; allowed: true or false."),
        }), _ => true, applies);

    /// <summary>A constant (3e-4) or SB3's linear schedule (lin_0.001), starting above 0.</summary>
    public static Setting<T> Schedule<T>(string key, Func<T, Schedule> get, Func<T, Schedule, T> set, Func<T, bool>? applies = null)
    {
        const string Allowed = "a number > 0 (e.g. 3e-4) or lin_<number> (e.g. lin_0.001)";
        return new(key, Allowed, o => get(o).ToString(), (o, v) =>
        {
            Optim.Schedule s;
            try { s = Optim.Schedule.Parse(v); }
            catch (FormatException) { throw new InvalidSettingException($"{key}={v} is invalid; allowed: {Allowed}."); }
            if (!(s.Initial > 0)) throw new InvalidSettingException($"{key}={v} is invalid; allowed: {Allowed}.");
            return set(o, s);
        }, o => get(o).Initial > 0, applies);
    }

    /// <summary>Hidden layer sizes: 1 to 8 of them (what the model files hold), each 1 … 4096.</summary>
    public static Setting<T> NetArch<T>(string key, Func<T, int[]> get, Func<T, int[], T> set, Func<T, bool>? applies = null)
    {
        const string Allowed = "1 to 8 comma-separated sizes, each 1 … 4096, e.g. 64,64";
        static bool Ok(int[]? a) => a is { Length: >= 1 and <= 8 } && a.All(h => h is >= 1 and <= 4096);
        return new(key, Allowed, o => string.Join(',', get(o) ?? []), (o, v) =>
        {
            var parts = v.Trim().Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is < 1 or > 8) throw new InvalidSettingException($"{key}={v} is invalid; allowed: {Allowed}.");
            return set(o, parts.Select(p => (int)ParseLong(key, p, 1, 4096)).ToArray());
        }, o => Ok(get(o)), applies);
    }

    /// <summary>One of an enum's names, written in lower case.</summary>
    public static Setting<T> Enum<T, TEnum>(string key, Func<T, TEnum> get, Func<T, TEnum, T> set, params TEnum[] values) where TEnum : struct, System.Enum
    {
        string Name(TEnum e) => e.ToString().ToLowerInvariant();
        string allowed = string.Join(", ", values.Select(Name));
        return new(key, allowed, o => Name(get(o)), (o, v) =>
        {
            foreach (var e in values) if (Name(e) == v.Trim().ToLowerInvariant()) return set(o, e);
            throw new InvalidSettingException($"{key}={v} is invalid; allowed: {allowed}.");
        }, o => values.Contains(get(o)), null);
    }

    static string IntRange(long lo, long hi) => hi == long.MaxValue || hi == int.MaxValue ? $"an integer ≥ {lo}" : $"an integer from {lo} to {hi}";

    static long ParseLong(string key, string v, long lo, long hi)
    {
        if (SettingText.TryParseInteger(v, out long r) && r >= lo && r <= hi) return r;
        throw new InvalidSettingException($"{key}={v} is invalid; allowed: {IntRange(lo, hi)}.");
    }

    public static string Str(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    public static string Str(long v) => v.ToString(CultureInfo.InvariantCulture);
}
