// Progress display: a one-line bar redrawn in place on a terminal, plain periodic lines otherwise.
using System.Diagnostics;

namespace Rein2.Cli;

public sealed class Progress(TextWriter output, bool interactive, long total, string unit)
{
    readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
    long _nextLine = total / 20;

    public void Report(long done, string detail, bool force = false)
    {
        if (interactive)
        {
            if (!force && _sinceDraw.ElapsedMilliseconds < 200) return;
            _sinceDraw.Restart();
            int width = 30, filled = (int)Math.Clamp(width * done / Math.Max(total, 1), 0, width);
            output.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {unit} {detail}   ");
            output.Flush();
        }
        else if (force || done >= _nextLine)
        {
            output.WriteLine($"{done}/{total} {unit} {detail}");
            while (_nextLine <= done) _nextLine += Math.Max(total / 20, 1);
        }
    }

    public void Finish() { if (interactive) output.WriteLine(); }

    /// <summary>
    /// A bar redrawn on <paramref name="stderr"/> when it is this process's terminal; otherwise plain
    /// lines on <paramref name="stdout"/> (a log, a test's writer).
    /// </summary>
    public static Progress For(TextWriter stdout, TextWriter stderr, long total, string unit)
    {
        bool terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        return new Progress(terminal ? stderr : stdout, terminal, total, unit);
    }
}
