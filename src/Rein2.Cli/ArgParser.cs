// A tiny `--flag value` parser: every command declares the flags it accepts, and anything else is a
// usage error that lists them. No reflection, so it is AOT-safe.
namespace Rein2.Cli;

public sealed class ArgParser
{
    readonly Dictionary<string, string?> _values = new();
    readonly List<string> _positional = new();

    public ArgParser(string command, IReadOnlyList<string> args, int start, IReadOnlyCollection<string> valueFlags, IReadOnlyCollection<string>? switches = null)
    {
        switches ??= [];
        for (int i = start; i < args.Count; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--")) { _positional.Add(a); continue; }
            if (switches.Contains(a)) { _values[a] = null; continue; }
            if (!valueFlags.Contains(a))
                throw new UsageException($"'{command}' does not accept '{a}'. Allowed: {string.Join(", ", valueFlags.Concat(switches))}.");
            if (i + 1 >= args.Count) throw new UsageException($"'{a}' needs a value.");
            _values[a] = args[++i];
        }
    }

    public IReadOnlyList<string> Positional => _positional;
    public bool Has(string flag) => _values.ContainsKey(flag);
    public string? Get(string flag) => _values.TryGetValue(flag, out var v) ? v : null;

    public ulong GetUInt64(string flag, ulong fallback)
    {
        string? v = Get(flag);
        if (v is null) return fallback;
        if (!ulong.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong r))
            throw new UsageException($"{flag} must be an integer from 0 to 18446744073709551615, got '{v}'.");
        return r;
    }
}
