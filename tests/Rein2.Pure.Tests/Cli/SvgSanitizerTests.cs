// The report's SVG allow-list and its strict XML reader, on their own: what survives, what is
// dropped, and what is refused as not well-formed (with the line and column), including a DTD's
// entity expansion.
using System.Xml.Linq;
using Rein2.Cli;

namespace Rein2.Pure.Tests.Cli;

public class SvgSanitizerTests
{
    const string Ns = "xmlns=\"http://www.w3.org/2000/svg\"";

    static XElement Clean(string svg) => XElement.Parse(SvgSanitizer.Clean(svg).Html);

    [Fact]
    public void OurOwnPlotAndAnimationSurviveUnchangedInMeaning()
    {
        var plot = SvgPlot.Render("t <&> \"q\"", "x", "y", [new PlotSeries("a", [1, 2, 3], [1, 4, 9], "#1f77b4")], 1);
        var before = XElement.Parse(plot);
        var after = Clean(plot);
        Assert.Equal(before.Descendants().Count(), after.Descendants().Count());
        Assert.Equal(before.Value, after.Value);
        Assert.Equal(before.Descendants().Sum(e => e.Attributes().Count()), after.Descendants().Sum(e => e.Attributes().Count()));
    }

    [Theory]
    [InlineData("<svg " + Ns + "><script>alert(1)</script><rect width=\"1\"/></svg>", "<rect width=\"1\" />")]
    [InlineData("<svg " + Ns + " onload=\"alert(1)\"><rect onclick=\"x\" width=\"1\"/></svg>", "<rect width=\"1\" />")]
    [InlineData("<svg " + Ns + "><svg:rect xmlns:svg=\"http://www.w3.org/2000/svg\" width=\"2\"/></svg>", "<rect width=\"2\" />")]
    [InlineData("<svg " + Ns + "><x:script xmlns:x=\"http://www.w3.org/2000/svg\">alert(1)</x:script></svg>", "")]
    [InlineData("<svg " + Ns + "><html:b xmlns:html=\"http://www.w3.org/1999/xhtml\">hi</html:b></svg>", "")]
    [InlineData("<svg " + Ns + "><rect fill=\"url(#g)\" stroke=\"url(http://e/x)\"/></svg>", "<rect fill=\"url(#g)\" />")]
    // CSS escapes: \75 is "u", so "\75 rl(" is "url(" to a browser (issue 31)
    [InlineData("<svg " + Ns + "><rect fill=\"\\75 rl(http://e/x)\" width=\"1\"/></svg>", "<rect width=\"1\" />")]
    [InlineData("<svg " + Ns + "><rect stroke=\"\\000075rl(http://e/x)\" fill=\"u\\rl(http://e/y)\" width=\"1\"/></svg>", "<rect width=\"1\" />")]
    [InlineData("<svg " + Ns + "><animate attributeName=\"href\" to=\"javascript:1\"/><animate attributeName=\"r\" to=\"3\"/></svg>", "<animate attributeName=\"r\" to=\"3\" />")]
    [InlineData("<svg " + Ns + "><text>&lt;b&gt; &amp; &#x41;&#66;<![CDATA[<i>]]></text></svg>", "<text>&lt;b&gt; &amp; AB&lt;i&gt;</text>")]
    [InlineData("<?xml version=\"1.0\"?><!-- c --><svg " + Ns + "><?pi x?><g/></svg>", "<g />")]
    public void KeepsOnlyTheAllowList(string svg, string inner)
    {
        var clean = Clean(svg);
        Assert.Equal("svg", clean.Name.LocalName);
        Assert.Equal(inner, string.Concat(clean.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting))).Replace(" xmlns=\"http://www.w3.org/2000/svg\"", ""));
    }

    [Theory]
    [InlineData("<svg " + Ns + "><g></svg>", "</svg> does not close <g>")]
    [InlineData("<svg " + Ns + "><g>", "<g> is not closed")]
    [InlineData("<!DOCTYPE svg [<!ENTITY a \"b\">]><svg " + Ns + "/>", "DOCTYPE")]
    [InlineData("<svg " + Ns + "><text>&nbsp;</text></svg>", "&nbsp;")]
    [InlineData("<svg " + Ns + "><rect width=1/></svg>", "not quoted")]
    [InlineData("<svg " + Ns + "><rect a=\"1\" a=\"2\"/></svg>", "appears twice")]
    [InlineData("<svg " + Ns + "><p:rect/></svg>", "prefix 'p'")]
    [InlineData("<html><svg " + Ns + "/></html>", "root element is <html>")]
    [InlineData("<svg/>", "root element is <svg>")]
    [InlineData("<svg " + Ns + "/><svg " + Ns + "/>", "a second root")]
    [InlineData("<svg " + Ns + "><text>&#0;</text></svg>", "&#0;")]
    public void RefusesWhatIsNotWellFormedNamingWhere(string svg, string says)
    {
        var e = Assert.Throws<InvalidDataException>(() => SvgSanitizer.Clean(svg));
        Assert.Contains(says, e.Message);
    }

    [Theory]
    [InlineData("\\75 rl(x)", "url(x)")]
    [InlineData("\\000075rl(x)", "url(x)")]
    [InlineData("u\\rl(x)", "url(x)")]
    [InlineData("\\55\tRL(x)", "URL(x)")]
    [InlineData("plain #fff", "plain #fff")]
    public void CssEscapesAreDecodedAsABrowserDecodesThem(string value, string decoded) =>
        Assert.Equal(decoded, SvgSanitizer.DecodeCssEscapes(value));
}
