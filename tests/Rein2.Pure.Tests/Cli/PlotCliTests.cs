// `rein2 plot`: CSV logs as one SVG plot — a line per file and column, labels from FILE=LABEL, the
// values drawn where they belong; bad input (no file, a missing column, a cell that is not a number)
// refused naming the file, line or column.
using System.Xml.Linq;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Cli;

public class PlotCliTests
{
    static readonly string Dir = Directory.CreateTempSubdirectory("rein2-plot-").FullName;

    static string Csv(string name, string text)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void TwoFilesTwoColumnsBecomeFourLabelledLinesOnOneAxis()
    {
        string a = Csv("a.csv", "step,loss,best\n1,4,4\n2,2,2\n3,1,1\n");
        string b = Csv("b.csv", "step,loss,best\n1,3,3\n2,3,2\n3,0.5,0.5\n");
        string svg = Path.Combine(Dir, "p.svg");
        var r = CliRunner.Run("plot", a + "=first", b + "=second", "--x", "step", "--y", "loss,best", "--title", "T", "--out", svg);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("4 line(s)", r.Out);
        var doc = XDocument.Load(svg);
        var texts = doc.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        foreach (var label in new[] { "first loss", "first best", "second loss", "second best", "T", "step" }) Assert.Contains(label, texts);
        Assert.Equal(4, doc.Descendants().Count(e => e.Name.LocalName == "polyline"));
        // y ticks span the data (0.5 … 4): a tick at 0 or below and one at 4 or above
        var ticks = texts.Select(t => double.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out double v) ? v : double.NaN).Where(double.IsFinite).ToList();
        Assert.Contains(ticks, v => v <= 0.5);
        Assert.Contains(ticks, v => v >= 4);
    }

    [Fact]
    public void BadInputIsRefusedByName()
    {
        string good = Csv("good.csv", "x,y\n1,2\n");
        string svg = Path.Combine(Dir, "bad.svg");
        var missing = CliRunner.Run("plot", good, "--y", "loss", "--out", svg);
        Assert.Equal(2, missing.Code);
        Assert.Contains("no column 'loss'", missing.Err);
        Assert.Contains("x, y", missing.Err);
        var notNumber = CliRunner.Run("plot", Csv("text.csv", "x,y\n1,two\n"), "--y", "y", "--out", svg);
        Assert.Equal(2, notNumber.Code);
        Assert.Contains("line 2", notNumber.Err);
        Assert.Equal(2, CliRunner.Run("plot", "--y", "y", "--out", svg).Code);
        Assert.Contains("--y", CliRunner.Run("plot", good, "--out", svg).Err);
        Assert.Contains("none.csv does not exist", CliRunner.Run("plot", Path.Combine(Dir, "none.csv"), "--y", "y", "--out", svg).Err);
        Assert.False(File.Exists(svg));
    }
}
