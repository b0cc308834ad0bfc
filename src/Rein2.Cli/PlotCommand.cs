// `rein2 plot FILE.csv[=LABEL] ... --y COL[,COL...] [--x COL] [--smooth N] [--title T] --out FILE.svg`:
// any of the CSV logs the CLI writes (progress.csv, monitor.csv, runs/*.csv) or a user's own, as a
// learning-curve SVG — one line per file and y column, on the same axes. The pictures of docs/learn
// are made with it.
using System.Globalization;

namespace Rein2.Cli;

public static class PlotCommand
{
    static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#7f7f7f", "#8c564b", "#e377c2"];

    public static int Run(string[] args, TextWriter stdout)
    {
        var p = Commands.Plot.Parse(args, 1);
        string outPath = p.Get("--out") ?? throw new UsageException("plot needs --out FILE.svg.");
        OutputDirectory.CheckFileTarget(outPath, p.Positional.Select(spec => spec.LastIndexOf('=') is > 0 and var eq ? spec[..eq] : spec));
        string yText = p.Get("--y") ?? throw new UsageException("plot needs --y COLUMN[,COLUMN...] (a column of the CSV header).");
        string[] ys = yText.Split(',');
        if (ys.Any(y => y.Length == 0)) throw new UsageException($"--y {yText} has an empty column name; give columns separated by commas, e.g. --y reward,best_so_far.");
        string? xName = p.Get("--x");
        int smooth = (int)p.Long("--smooth");
        var series = new List<PlotSeries>();
        foreach (var spec in p.Positional)
        {
            int eq = spec.LastIndexOf('=');
            string file = eq > 0 ? spec[..eq] : spec, label = eq > 0 ? spec[(eq + 1)..] : Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file))) ?? file;
            var csv = RunFiles.ReadCsv(file);
            double[] x = xName is null ? Enumerable.Range(1, csv.Values.First().Length).Select(i => (double)i).ToArray() : csv.Column(xName, file);
            foreach (var y in ys)
                series.Add(new PlotSeries(p.Positional.Count > 1 ? (ys.Length > 1 ? $"{label} {y}" : label) : y, x, csv.Column(y, file), Colors[series.Count % Colors.Length]));
        }
        string note = smooth > 1 ? $"each line a trailing mean of {smooth} points" : "";
        string svg = SvgPlot.Render(p.Get("--title") ?? string.Join(", ", ys), xName ?? "row", string.Join(", ", ys), series, smooth, note);
        OutputDirectory.WriteFile(outPath, svg);
        stdout.WriteLine($"{series.Count} line(s), {series.Max(s => s.X.Length).ToString(CultureInfo.InvariantCulture)} points at most → {outPath}");
        return CommandLine.Ok;
    }
}
