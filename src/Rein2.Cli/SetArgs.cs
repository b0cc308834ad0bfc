// Splits repeated `--set key=value` arguments from the rest of a command line.
namespace Rein2.Cli;

public static class SetArgs
{
    public static (List<string> Remaining, List<(string Key, string Value)> Sets) Split(string[] args, int start)
    {
        var sets = new List<(string, string)>();
        var rest = new List<string>();
        for (int i = start; i < args.Length; i++)
        {
            if (args[i] != "--set") { rest.Add(args[i]); continue; }
            if (i + 1 >= args.Length) throw new UsageException("'--set' needs key=value.");
            string kv = args[++i];
            int eq = kv.IndexOf('=');
            if (eq <= 0) throw new UsageException($"'--set {kv}' is not key=value.");
            sets.Add((kv[..eq].Trim(), kv[(eq + 1)..].Trim()));
        }
        return (rest, sets);
    }
}
