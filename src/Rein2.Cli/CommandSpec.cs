// One declaration per command drives its parsing, its validation and its --help: the flags it takes,
// each with its kind, range or choices and default, and how many positional arguments. Parsing is
// strict — a flag given twice, an unknown flag, a stray positional, an empty value, a value out of its
// range are refused with one line naming the value and what is allowed, before any work and before
// any directory is made — and never clamps. `--flag value` and `--flag=value` are the same.
// Integers have one grammar everywhere (SettingText.TryParseInteger: digits, or a whole number in
// 1e6 form; no sign, no spaces), as the library's --set keys do.
using System.Globalization;
using Rein2.Pure.Algos;

namespace Rein2.Cli;

/// <summary>What a flag's value is.</summary>
public enum FlagKind { Switch, Text, Integer, Number, Choice, Seed }

/// <summary>One flag of a command: name, value kind and range, default, help line.</summary>
public sealed record Flag(string Name, string Help, FlagKind Kind = FlagKind.Text, string Value = "VALUE")
{
    /// <summary>The value when the flag is not given (shown in --help), or null.</summary>
    public string? Default { get; init; }
    /// <summary>Integer range (inclusive).</summary>
    public long Min { get; init; }
    public long Max { get; init; } = long.MaxValue;
    /// <summary>Number range: (Lo, Hi] when LoExclusive, else [Lo, Hi].</summary>
    public double Lo { get; init; }
    public double Hi { get; init; } = double.MaxValue;
    public bool LoExclusive { get; init; }
    /// <summary>The allowed values of a Choice.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];
    /// <summary>May be given more than once (--set).</summary>
    public bool Repeats { get; init; }
    /// <summary>The --set key this flag also sets (so both at once is refused).</summary>
    public string? SetKey { get; init; }

    /// <summary>What is allowed, in words ("1 … 100", "a number in (0, 1]", "ppo, a2c").</summary>
    public string Allowed => Kind switch
    {
        FlagKind.Integer => $"an integer from {Min} to {Max}",
        FlagKind.Number => $"a number in {(LoExclusive ? "(" : "[")}{Str(Lo)}, {(Hi == double.MaxValue ? "∞)" : Str(Hi) + "]")}",
        FlagKind.Choice => string.Join(", ", Choices),
        FlagKind.Seed => "an integer from 0 to 18446744073709551615",
        _ => "",
    };

    static string Str(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A command's declaration: its name ("reproduce meta"), positional arguments, flags and description.</summary>
public sealed record CommandSpec(string Name, string Description, IReadOnlyList<Flag> Flags)
{
    /// <summary>The positional arguments' name in the usage line ("FILE", "DIR"), or null for none.</summary>
    public string? Positional { get; init; }
    public int MinPositional { get; init; }
    public int MaxPositional { get; init; }
    /// <summary>Whether the command writes checkpoints (its help explains them).</summary>
    public bool Checkpoints { get; init; }
    /// <summary>Extra help after the flags: a settings table, another form of the command.</summary>
    public Func<string>? More { get; init; }

    /// <summary>The flag named <paramref name="name"/>; a bug in the command if it is not declared.</summary>
    public Flag this[string name] => Flags.FirstOrDefault(f => f.Name == name) ?? throw new InvalidOperationException($"{Name} declares no {name}.");

    /// <summary>Parses <paramref name="args"/> from <paramref name="start"/> against this declaration.</summary>
    public ParsedArgs Parse(IReadOnlyList<string> args, int start) => new(this, args, start);
}

/// <summary>A command line parsed and validated against its <see cref="CommandSpec"/>.</summary>
public sealed class ParsedArgs
{
    readonly CommandSpec _spec;
    readonly Dictionary<string, List<string>> _values = new();
    readonly List<string> _positional = new();

    internal ParsedArgs(CommandSpec spec, IReadOnlyList<string> args, int start)
    {
        _spec = spec;
        for (int i = start; i < args.Count; i++)
        {
            string a = args[i];
            if (a.Length == 0) throw new UsageException($"an empty argument (\"\") was given to '{spec.Name}'; give {(spec.MaxPositional > 0 ? $"a {spec.Positional}" : "flags only")}.");
            if (!a.StartsWith("--", StringComparison.Ordinal) || a == "--") { _positional.Add(a); continue; }
            int eq = a.IndexOf('=');
            string name = eq > 0 ? a[..eq] : a;
            var flag = spec.Flags.FirstOrDefault(f => f.Name == name)
                ?? throw new UsageException($"'{spec.Name}' does not accept '{name}'. Allowed: {string.Join(", ", spec.Flags.Select(f => f.Name))}.");
            string? value;
            if (flag.Kind == FlagKind.Switch)
            {
                if (eq > 0) throw new UsageException($"{name} is a switch and takes no value (got '{a}').");
                value = "";
            }
            else if (eq > 0) value = a[(eq + 1)..];
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) value = args[++i];
            else throw new UsageException($"{name} needs a value: {name} {flag.Value}{(flag.Allowed.Length > 0 ? $" ({flag.Allowed})" : "")}.");
            if (_values.TryGetValue(name, out var seen) && !flag.Repeats)
                throw new UsageException($"{name} is given twice ('{seen[0]}' and '{value}'); give it once.");
            if (flag.Kind != FlagKind.Switch) Check(flag, value);
            (_values.TryGetValue(name, out var list) ? list : _values[name] = []).Add(value);
        }
        if (_positional.Count > spec.MaxPositional)
        {
            var extra = _positional.Skip(spec.MaxPositional).Select(p => $"'{p}'");
            throw new UsageException(spec.MaxPositional == 0
                ? $"'{spec.Name}' takes no positional arguments; got {string.Join(", ", extra)} (flags start with --)."
                : $"'{spec.Name}' takes at most {spec.MaxPositional} {spec.Positional}; got also {string.Join(", ", extra)}.");
        }
        if (_positional.Count < spec.MinPositional)
            throw new UsageException($"'{spec.Name}' needs {(spec.MinPositional == 1 ? "a" : $"{spec.MinPositional}")} {spec.Positional}: {CommandHelp.Usage(spec)}.");
    }

    /// <summary>The declaration these arguments were parsed against.</summary>
    public CommandSpec Spec => _spec;

    /// <summary>Refuses a value the flag does not allow (used for the flags' values and a config file's).</summary>
    internal static void Check(Flag flag, string value)
    {
        string name = flag.Name;
        if (value.Length == 0) throw new UsageException($"{name} is empty; give {(flag.Allowed.Length > 0 ? flag.Allowed : "a " + flag.Value)}.");
        switch (flag.Kind)
        {
            case FlagKind.Integer:
                if (!SettingText.TryParseInteger(value, out long n))
                    throw new UsageException($"{name} {value} is {(AllDigits(value.TrimStart('-')) ? "out of range" : "not an integer")}; allowed: {flag.Allowed}.");
                if (n < flag.Min || n > flag.Max) throw new UsageException($"{name} {value} is out of range; allowed: {flag.Allowed}.");
                break;
            case FlagKind.Number:
                if (!SettingText.TryParseNumber(value, out double d)) throw new UsageException($"{name} {value} is not a number; allowed: {flag.Allowed}.");
                if (!((flag.LoExclusive ? d > flag.Lo : d >= flag.Lo) && d <= flag.Hi)) throw new UsageException($"{name} {value} is out of range; allowed: {flag.Allowed}.");
                break;
            case FlagKind.Seed:
                if (!TryParseSeed(value, out _))
                    throw new UsageException($"{name} {value} is {(SettingText.TryParseInteger(value, out _) || AllDigits(value) ? "out of range" : "not an integer")}; allowed: {flag.Allowed}.");
                break;
            case FlagKind.Choice:
                if (!flag.Choices.Contains(value)) throw new UsageException($"{name} {value} is not known; allowed: {flag.Allowed}.");
                break;
        }
    }

    static bool AllDigits(string s) => s.Length > 0 && s.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>The positional arguments.</summary>
    public IReadOnlyList<string> Positional => _positional;

    /// <summary>Whether the flag was given.</summary>
    public bool Has(string flag) { _ = _spec[flag]; return _values.ContainsKey(flag); }

    /// <summary>The flag's value, its declared default when not given, or null.</summary>
    public string? Get(string flag) => _values.TryGetValue(flag, out var v) ? v[0] : _spec[flag].Default;

    /// <summary>Every value of a repeatable flag, in order.</summary>
    public IReadOnlyList<string> All(string flag) { _ = _spec[flag]; return _values.TryGetValue(flag, out var v) ? v : []; }

    /// <summary>An Integer flag's value (or its default).</summary>
    public long Long(string flag)
    {
        string v = Get(flag) ?? throw new InvalidOperationException($"{flag} has no default.");
        return SettingText.TryParseInteger(v, out long n) ? n : throw new InvalidOperationException($"{flag}: default {v} is not an integer.");
    }

    /// <summary>An Integer flag's value as an unsigned seed.</summary>
    public ulong Seed(string flag) => ParseSeed(Get(flag)!);

    /// <summary>A seed already checked against a Seed flag.</summary>
    public static ulong ParseSeed(string checkedText) => TryParseSeed(checkedText, out ulong s) ? s : throw new InvalidOperationException($"{checkedText}: not a seed.");

    // a seed spans the whole unsigned 64-bit range (as Gymnasium's); 1e6 form as for every integer
    static bool TryParseSeed(string v, out ulong seed)
    {
        if (ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out seed)) return true;
        bool ok = SettingText.TryParseInteger(v, out long n) && n >= 0;
        seed = ok ? (ulong)n : 0;
        return ok;
    }

    /// <summary>A Number flag's value (or its default).</summary>
    public double Double(string flag)
    {
        string v = Get(flag) ?? throw new InvalidOperationException($"{flag} has no default.");
        return SettingText.TryParseNumber(v, out double d) ? d : throw new InvalidOperationException($"{flag}: default {v} is not a number.");
    }

    /// <summary>
    /// The `--set key=value` pairs, each key once, none that a dedicated flag given alongside also sets
    /// (`--rbv 0.1 --set rbv=0.2` is refused, not resolved by position).
    /// </summary>
    public List<(string Key, string Value)> Sets()
    {
        var sets = new List<(string, string)>();
        foreach (string kv in All("--set"))
        {
            int eq = kv.IndexOf('=');
            if (eq <= 0) throw new UsageException($"--set {kv} is not key=value.");
            string key = kv[..eq], value = kv[(eq + 1)..];
            if (sets.Any(s => s.Item1 == key)) throw new UsageException($"--set {key}= is given twice; give each setting once.");
            if (_spec.Flags.FirstOrDefault(f => f.SetKey == key && _values.ContainsKey(f.Name)) is Flag both)
                throw new UsageException($"--set {key}={value} and {both.Name} {Get(both.Name)} both set {key}; give one of them.");
            sets.Add((key, value));
        }
        return sets;
    }
}
