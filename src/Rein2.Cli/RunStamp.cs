// What a run's files say about how they were made, for `rein2 report` and for whoever reads them
// later: the command as typed, the program's version and the SIMD path the kernels took.
using System.Text;

namespace Rein2.Cli;

public static class RunStamp
{
    /// <summary>"rein2 …" with each argument quoted where a shell would need it.</summary>
    public static string Command(string[] args)
    {
        var sb = new StringBuilder("rein2");
        foreach (var a in args)
        {
            sb.Append(' ');
            bool plain = a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || "-_=.,/:+@".Contains(c));
            sb.Append(plain ? a : "'" + a.Replace("'", "'\\''") + "'");
        }
        return sb.ToString();
    }

    /// <summary>Adds "command", "version" and "simd" to <paramref name="json"/>.</summary>
    public static JsonOut AddTo(JsonOut json, string[] args) =>
        json.Add("command", Command(args)).Add("version", CommandLine.Version).Add("simd", Rein2.Pure.SimdPaths.Describe());
}
