// Every SVG that goes into a report page passes through here: parsed as XML by a small strict reader
// of its own (System.Xml would double the NativeAOT binary) — no DTD, so no entity expansion; only
// the five named entities and character references; a size cap — and rewritten from an allow-list:
// the shapes, text and SMIL animations the CLI's own plots and episode animations use, and the
// presentation attributes they need. Anything else is dropped with its whole subtree: <script>,
// <foreignObject>, <image>, <a>, <use>, <style>, <iframe>, <set>, every on* handler, every href, any
// element outside the SVG namespace, any value holding a url() other than a local #fragment, a
// javascript: URL or a CSS expression(), and any <animate> whose target attribute is not on the
// animation allow-list (so SMIL cannot rewrite an href into a script URL). Text and values are
// re-escaped on the way out.
using System.Text;

namespace Rein2.Cli;

public static class SvgSanitizer
{
    const string SvgNamespace = "http://www.w3.org/2000/svg";
    const int MaxCharacters = 64 << 20;

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
    /// <exception cref="InvalidDataException">not well-formed XML, a DTD, too large, or its root is not an SVG element.</exception>
    public static Markup Clean(string svg)
    {
        if (svg.Length > MaxCharacters) throw new InvalidDataException($"an SVG of {svg.Length:N0} characters; at most {MaxCharacters:N0} are read.");
        var reader = new XmlText(svg);
        var sb = new StringBuilder(svg.Length);
        // per open element: its name as written and its local name, whether it is written, and the namespace bindings in scope
        var open = new Stack<(string Name, string Local, bool Kept, Dictionary<string, string> Scope)>();
        var rootScope = new Dictionary<string, string> { ["xml"] = "http://www.w3.org/XML/1998/namespace" };
        bool rootSeen = false;
        while (reader.Next() is { } node)
        {
            switch (node.Kind)
            {
                case NodeKind.Text:
                    if (open.Count == 0) { if (node.Text.Trim().Length > 0) throw reader.Error("text outside the root element"); break; }
                    if (open.Peek().Kept) sb.Append(Markup.Escape(node.Text));
                    break;
                case NodeKind.Start:
                    if (open.Count == 0 && rootSeen) throw reader.Error("a second root element");
                    var scope = new Dictionary<string, string>(open.Count > 0 ? open.Peek().Scope : rootScope);
                    foreach (var (n, v) in node.Attributes)
                        if (n == "xmlns") scope[""] = v;
                        else if (n.StartsWith("xmlns:", StringComparison.Ordinal)) scope[n[6..]] = v;
                    var (ns, local) = Resolve(node.Name, scope, reader);
                    if (open.Count == 0)
                    {
                        if (local != "svg" || ns != SvgNamespace) throw new InvalidDataException($"its root element is <{node.Name}>, not an SVG <svg xmlns=\"{SvgNamespace}\">.");
                        rootSeen = true;
                    }
                    bool kept = (open.Count == 0 || open.Peek().Kept) && ns == SvgNamespace && Elements.Contains(local) && AnimationAllowed(local, node.Attributes);
                    if (kept)
                    {
                        sb.Append('<').Append(local);
                        if (open.Count == 0) sb.Append(" xmlns=\"").Append(SvgNamespace).Append('"');
                        foreach (var (n, v) in node.Attributes)
                            if (!n.Contains(':') && Attributes.Contains(n) && SafeValue(v)) sb.Append(' ').Append(n).Append("=\"").Append(Markup.Escape(v)).Append('"');
                        sb.Append(node.SelfClosing ? "/>" : ">");
                    }
                    if (!node.SelfClosing) open.Push((node.Name, local, kept, scope));
                    break;
                case NodeKind.End:
                    if (open.Count == 0 || open.Peek().Name != node.Name) throw reader.Error($"</{node.Name}> does not close {(open.Count > 0 ? $"<{open.Peek().Name}>" : "any element")}");
                    var closed = open.Pop();
                    if (closed.Kept) sb.Append("</").Append(closed.Local).Append('>');
                    break;
            }
        }
        if (open.Count > 0) throw reader.Error($"<{open.Peek().Name}> is not closed");
        if (!rootSeen) throw new InvalidDataException("it has no root element.");
        return Markup.TrustedSvg(sb.Append('\n').ToString());
    }

    static (string Ns, string Local) Resolve(string name, Dictionary<string, string> scope, XmlText reader)
    {
        int colon = name.IndexOf(':');
        string prefix = colon < 0 ? "" : name[..colon];
        if (!scope.TryGetValue(prefix, out string? ns)) { if (colon < 0) return ("", name); throw reader.Error($"the prefix '{prefix}' is not declared"); }
        return (ns, name[(colon + 1)..]);
    }

    static bool AnimationAllowed(string local, List<(string Name, string Value)> attributes) =>
        local is not ("animate" or "animateTransform")
        || attributes.FirstOrDefault(a => a.Name == "attributeName").Value is string target && AnimatedAttributes.Contains(target.Trim());

    // no url() but a local #fragment, no script URL, no CSS expression — checked without spaces or
    // case, and with CSS escapes decoded first (`\75 rl(` is `url(` to a browser). A value with a
    // backslash is dropped outright besides: the CLI's own SVGs never hold one, and the decoding is
    // then a second line, as the page's Content-Security-Policy is a third.
    static bool SafeValue(string value)
    {
        if (value.Contains('\\')) return false;
        string v = new string(DecodeCssEscapes(value).Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
        if (v.Contains("javascript:") || v.Contains("vbscript:") || v.Contains("data:") || v.Contains("expression(")) return false;
        for (int i = v.IndexOf("url(", StringComparison.Ordinal); i >= 0; i = v.IndexOf("url(", i + 4, StringComparison.Ordinal))
            if (!v[(i + 4)..].TrimStart('\'', '"').StartsWith('#')) return false;
        return true;
    }

    /// <summary>A CSS value with its escapes resolved as a browser resolves them: a backslash then 1–6 hex digits (and one white space after), or a backslash then any other character as itself.</summary>
    public static string DecodeCssEscapes(string value)
    {
        if (!value.Contains('\\')) return value;
        var sb = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\' || i + 1 == value.Length) { sb.Append(value[i]); continue; }
            int j = i + 1, code = 0;
            while (j < value.Length && j - i <= 6 && Uri.IsHexDigit(value[j])) code = code * 16 + Uri.FromHex(value[j++]);
            if (j == i + 1) { sb.Append(value[j]); i = j; continue; }
            sb.Append(code is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF) ? char.ConvertFromUtf32(code) : "\uFFFD");
            if (j < value.Length && char.IsWhiteSpace(value[j])) j++;
            i = j - 1;
        }
        return sb.ToString();
    }

    enum NodeKind { Text, Start, End }

    sealed record Node(NodeKind Kind, string Name, string Text, List<(string Name, string Value)> Attributes, bool SelfClosing);

    // A strict reader of XML 1.0 as SVG files use it: elements, attributes in quotes, text, CDATA,
    // comments and processing instructions (skipped), the five named entities and character
    // references. A DOCTYPE (and so any entity declaration) is refused.
    sealed class XmlText(string s)
    {
        int _i;

        public InvalidDataException Error(string what)
        {
            int line = 1, column = 1;
            for (int k = 0; k < Math.Min(_i, s.Length); k++) { if (s[k] == '\n') { line++; column = 1; } else column++; }
            return new InvalidDataException($"not a well-formed SVG document: line {line}, column {column}: {what}.");
        }

        public Node? Next()
        {
            if (_i >= s.Length) return null;
            if (s[_i] != '<') return new Node(NodeKind.Text, "", Decode(Until("<", allowEnd: true)), [], false);
            if (At("<!--")) { Skip("-->"); return Next(); }
            if (At("<?")) { Skip("?>"); return Next(); }
            if (At("<![CDATA[")) { _i += 9; string t = Until("]]>", allowEnd: false); _i += 3; return new Node(NodeKind.Text, "", t, [], false); }
            if (At("<!")) throw Error("a DOCTYPE or other declaration is not allowed (no DTD, no entities)");
            if (At("</"))
            {
                _i += 2;
                string name = Name();
                SkipSpace();
                Expect('>');
                return new Node(NodeKind.End, name, "", [], false);
            }
            _i++;
            string tag = Name();
            var attributes = new List<(string, string)>();
            while (true)
            {
                bool space = SkipSpace();
                if (At("/>")) { _i += 2; return new Node(NodeKind.Start, tag, "", attributes, true); }
                if (At(">")) { _i++; return new Node(NodeKind.Start, tag, "", attributes, false); }
                if (!space) throw Error($"expected a space, '>' or '/>' in <{tag}>");
                string attr = Name();
                if (attributes.Any(a => a.Item1 == attr)) throw Error($"the attribute {attr} appears twice in <{tag}>");
                SkipSpace(); Expect('='); SkipSpace();
                if (_i >= s.Length || s[_i] is not ('"' or '\'')) throw Error($"the value of {attr} is not quoted");
                char quote = s[_i++];
                string raw = Until(quote.ToString(), allowEnd: false);
                _i++;
                if (raw.Contains('<')) throw Error($"'<' in the value of {attr}");
                attributes.Add((attr, Decode(raw)));
            }
        }

        bool At(string t) => string.CompareOrdinal(s, _i, t, 0, t.Length) == 0;

        void Skip(string end) { Until(end, allowEnd: false); _i += end.Length; }

        string Until(string end, bool allowEnd)
        {
            int k = s.IndexOf(end, _i, StringComparison.Ordinal);
            if (k < 0) { if (!allowEnd) throw Error($"'{end}' expected before the end of the document"); k = s.Length; }
            string r = s[_i..k];
            _i = k;
            return r;
        }

        bool SkipSpace()
        {
            int start = _i;
            while (_i < s.Length && s[_i] is ' ' or '\t' or '\n' or '\r') _i++;
            return _i > start;
        }

        void Expect(char c)
        {
            if (_i >= s.Length || s[_i] != c) throw Error($"'{c}' expected");
            _i++;
        }

        string Name()
        {
            int start = _i;
            while (_i < s.Length && (char.IsLetterOrDigit(s[_i]) || s[_i] is '-' or '_' or ':' or '.')) _i++;
            if (_i == start || char.IsDigit(s[start]) || s[start] is '-' or '.') throw Error("a name expected");
            return s[start.._i];
        }

        string Decode(string raw)
        {
            if (!raw.Contains('&')) return raw;
            var sb = new StringBuilder(raw.Length);
            for (int k = 0; k < raw.Length; k++)
            {
                if (raw[k] != '&') { sb.Append(raw[k]); continue; }
                int semi = raw.IndexOf(';', k);
                if (semi < 0 || semi - k > 12) throw Error("an '&' that starts no entity");
                string e = raw[(k + 1)..semi];
                sb.Append(e switch
                {
                    "lt" => "<", "gt" => ">", "amp" => "&", "quot" => "\"", "apos" => "'",
                    _ when e.StartsWith("#x") && int.TryParse(e[2..], System.Globalization.NumberStyles.AllowHexSpecifier, null, out int h) && Valid(h) => char.ConvertFromUtf32(h),
                    _ when e.StartsWith('#') && int.TryParse(e[1..], System.Globalization.NumberStyles.None, null, out int d) && Valid(d) => char.ConvertFromUtf32(d),
                    _ => throw Error($"the entity &{e}; is not one of XML's own"),
                });
                k = semi;
            }
            return sb.ToString();
        }

        static bool Valid(int c) => c is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
    }
}
