// Every SVG that goes into a report page passes through here: parsed as XML (no DTD, so no entity
// expansion; a size cap) and rewritten from an allow-list — the shapes, text and SMIL animations the
// CLI's own plots and episode animations use, and the presentation attributes they need. Anything
// else is dropped with its whole subtree: <script>, <foreignObject>, <image>, <a>, <use>, <style>,
// <iframe>, <set>, every on* handler, every href, any element outside the SVG namespace, any value
// holding a url() other than a local #fragment, a javascript: URL or a CSS expression(), and any
// <animate> whose target attribute is not on the animation allow-list (so SMIL cannot rewrite an
// href into a script URL). The output is written by XmlWriter, so text and values are re-escaped.
using System.Text;
using System.Xml;

namespace Rein2.Cli;

public static class SvgSanitizer
{
    const string SvgNamespace = "http://www.w3.org/2000/svg";
    const long MaxCharacters = 64L << 20;

    static readonly HashSet<string> Elements =
    [
        "svg", "g", "line", "polyline", "polygon", "rect", "circle", "ellipse", "path", "text", "tspan",
        "title", "desc", "defs", "clipPath", "linearGradient", "radialGradient", "stop", "animate", "animateTransform",
    ];

    static readonly HashSet<string> Attributes =
    [
        "viewBox", "width", "height", "preserveAspectRatio", "role", "aria-label", "id",
        "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "points", "d", "dx", "dy", "offset",
        "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
        "stroke-linecap", "stroke-linejoin", "opacity", "transform", "visibility", "clip-path", "stop-color", "stop-opacity",
        "text-anchor", "dominant-baseline", "font-size", "font-family", "font-weight", "font-style",
        "attributeName", "attributeType", "type", "values", "keyTimes", "keySplines", "dur", "begin", "end", "calcMode",
        "repeatCount", "repeatDur", "from", "to", "by", "additive", "accumulate",
    ];

    // what an <animate>/<animateTransform> may change: geometry and visibility, never a link or an event
    static readonly HashSet<string> AnimatedAttributes =
    [
        "visibility", "transform", "opacity", "fill-opacity", "stroke-opacity", "fill", "stroke",
        "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "points", "d",
    ];

    /// <summary>The SVG document <paramref name="svg"/> reduced to the allow-list, as page markup.</summary>
    /// <exception cref="InvalidDataException">not well-formed XML, too large, or its root is not an SVG element.</exception>
    public static Markup Clean(string svg)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxCharacters,
            IgnoreComments = true, IgnoreProcessingInstructions = true,
        };
        var sb = new StringBuilder(svg.Length);
        try
        {
            using var reader = XmlReader.Create(new StringReader(svg), settings);
            using (var writer = XmlWriter.Create(sb, new XmlWriterSettings { OmitXmlDeclaration = true, ConformanceLevel = ConformanceLevel.Fragment }))
            {
                reader.MoveToContent();
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "svg" || reader.NamespaceURI != SvgNamespace)
                    throw new InvalidDataException($"its root element is <{reader.Name}>, not an SVG <svg xmlns=\"{SvgNamespace}\">.");
                Copy(reader, writer);
            }
        }
        catch (XmlException e) { throw new InvalidDataException($"not a well-formed SVG document: {e.Message}"); }
        return Markup.TrustedSvg(sb.Append('\n').ToString());
    }

    static void Copy(XmlReader reader, XmlWriter writer)
    {
        var kept = new List<(string Name, string Value)>();
        while (!reader.EOF)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (!KeepElement(reader, kept)) { reader.Skip(); continue; }
                    writer.WriteStartElement(reader.LocalName, SvgNamespace);
                    foreach (var (name, value) in kept) writer.WriteAttributeString(name, value);
                    if (reader.IsEmptyElement) writer.WriteEndElement();
                    break;
                case XmlNodeType.EndElement:
                    writer.WriteEndElement();
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    writer.WriteString(reader.Value);
                    break;
            }
            reader.Read();
        }
    }

    // reads the element's attributes into kept; false when the element is dropped with its subtree
    static bool KeepElement(XmlReader reader, List<(string Name, string Value)> kept)
    {
        kept.Clear();
        if (reader.NamespaceURI != SvgNamespace || !Elements.Contains(reader.LocalName)) return false;
        bool animation = reader.LocalName is "animate" or "animateTransform";
        string? target = null;
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.NamespaceURI.Length > 0 || !Attributes.Contains(reader.LocalName) || !SafeValue(reader.Value)) continue;
                if (reader.LocalName == "attributeName") target = reader.Value.Trim();
                kept.Add((reader.LocalName, reader.Value));
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        return !animation || target != null && AnimatedAttributes.Contains(target);
    }

    // no url() but a local #fragment, no script URL, no CSS expression — checked without spaces or case
    static bool SafeValue(string value)
    {
        string v = new string(value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
        if (v.Contains("javascript:") || v.Contains("vbscript:") || v.Contains("data:") || v.Contains("expression(")) return false;
        for (int i = v.IndexOf("url(", StringComparison.Ordinal); i >= 0; i = v.IndexOf("url(", i + 4, StringComparison.Ordinal))
        {
            string rest = v[(i + 4)..].TrimStart('\'', '"');
            if (!rest.StartsWith('#')) return false;
        }
        return true;
    }
}
