// Loads each `rein2 report` page in headless Chromium (Debian's package) and checks what a reader
// would see: no console error or warning, no uncaught exception, no dialog, no element that runs or
// fetches anything (script, iframe, img, link, on* handler), no failed request and no request
// at all beyond the file itself (the page must be self-contained), a wide and a phone screenshot
// that are not blank, no sideways scrolling of the page on a phone, every episode animation
// present and actually moving (its animated transform changes between two moments), and a PDF
// from print. Screenshots and PDFs are kept in --shots DIR. Exit 0 only when every page passes.
//   dotnet run --project tools/BrowserCheck -- --chromium /usr/bin/chromium --shots DIR a.html b.html
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

string chromium = "/usr/bin/chromium", shots = Path.Combine(Path.GetTempPath(), "rein2-browser-check");
var pages = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--chromium" && i + 1 < args.Length) chromium = args[++i];
    else if (args[i] == "--shots" && i + 1 < args.Length) shots = args[++i];
    else pages.Add(Path.GetFullPath(args[i]));
}
if (pages.Count == 0) { Console.Error.WriteLine("usage: BrowserCheck [--chromium PATH] [--shots DIR] PAGE.html ..."); return 2; }
Directory.CreateDirectory(shots);

string profile = Directory.CreateTempSubdirectory("rein2-chromium-").FullName;
using var browser = Process.Start(new ProcessStartInfo(chromium)
{
    ArgumentList = { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank" },
    RedirectStandardError = true, RedirectStandardOutput = true,
})!;
browser.ErrorDataReceived += (_, _) => { };   // Chromium's own logging (dbus and the like) is not the page's
browser.BeginErrorReadLine(); browser.BeginOutputReadLine();
int failures = 0;
try
{
    string portFile = Path.Combine(profile, "DevToolsActivePort");
    for (int t = 0; !File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2; t++)
    {
        if (t > 300 || browser.HasExited) throw new InvalidOperationException($"{chromium} did not open its DevTools port (exited: {browser.HasExited}).");
        await Task.Delay(100);
    }
    int port = int.Parse(File.ReadAllLines(portFile)[0]);
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    foreach (var page in pages)
    {
        List<string> problems;
        try { problems = await CheckPage(http, page, shots); }
        catch (TimeoutException e) { problems = [$"the page stopped answering ({e.Message}): a dialog or a script holding it?"]; }
        failures += problems.Count;
        Console.WriteLine(problems.Count == 0 ? $"ok   {page}" : $"FAIL {page}\n  - " + string.Join("\n  - ", problems));
    }
}
finally
{
    try { browser.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
    browser.WaitForExit(5000);
    try { Directory.Delete(profile, true); } catch (IOException) { }
}
Console.WriteLine($"browser check: {pages.Count} page(s), {failures} problem(s); screenshots in {shots}");
return failures == 0 ? 0 : 1;

static async Task<List<string>> CheckPage(HttpClient http, string path, string shots)
{
    var problems = new List<string>();
    string url = new Uri(path).AbsoluteUri, name = Path.GetFileNameWithoutExtension(Path.GetDirectoryName(path)!) + "-" + Path.GetFileNameWithoutExtension(path);
    var target = JsonDocument.Parse(await (await http.PutAsync("/json/new?about:blank", null)).Content.ReadAsStringAsync()).RootElement;
    await using var cdp = await Cdp.Connect(new Uri(target.GetProperty("webSocketDebuggerUrl").GetString()!));
    foreach (var domain in new[] { "Page", "Runtime", "Log", "Network" }) await cdp.Send(domain + ".enable");
    await Viewport(cdp, 1280, 900, false);
    await cdp.Send("Page.navigate", new JsonObject { ["url"] = url });
    await cdp.WaitFor("Page.loadEventFired");
    await Task.Delay(800);

    // what the page looks like and does
    var facts = await Evaluate(cdp, """
        (async () => {
          const anims = [...document.querySelectorAll('figure.animation svg')];
          const moving = el => { const m = el.getCTM(); return [m.a, m.b, m.c, m.d, m.e, m.f].map(v => v.toFixed(4)).join(','); };
          const groups = anims.map(s => [...s.querySelectorAll('animateTransform')].map(a => a.parentElement));
          const before = groups.map(g => g.map(moving));
          await new Promise(r => setTimeout(r, 600));
          const after = groups.map(g => g.map(moving));
          return {
            title: document.title, headings: document.querySelectorAll('h2').length,
            animations: anims.length, svgs: document.querySelectorAll('svg').length,
            clock: anims.map(s => s.getCurrentTime()),
            moved: before.map((b, i) => b.some((v, k) => v !== after[i][k])),
            scripts: document.scripts.length,
            active: document.querySelectorAll('script, iframe, img, image, foreignObject, use, a, set, object, embed, link').length
                  + [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => /^on/i.test(a.name))).length,
          };
        })()
        """);
    if (facts.GetProperty("title").GetString() is not { Length: > 0 }) problems.Add("no title");
    if (facts.GetProperty("headings").GetInt32() < 2) problems.Add($"{facts.GetProperty("headings").GetInt32()} section headings");
    if (facts.GetProperty("scripts").GetInt32() != 0) problems.Add("the page has a script");
    if (facts.GetProperty("active").GetInt32() != 0) problems.Add($"{facts.GetProperty("active").GetInt32()} element(s) that run or fetch something (script, iframe, img, a, use, on* handler…)");
    int animations = facts.GetProperty("animations").GetInt32();
    if (animations == 0) problems.Add("no episode animation element");
    foreach (var (moved, i) in facts.GetProperty("moved").EnumerateArray().Select((m, i) => (m.GetBoolean(), i)))
        if (!moved) problems.Add($"animation {i + 1}: nothing moved in 0.6 s (SMIL clock {facts.GetProperty("clock")[i].GetDouble():F2} s)");

    problems.AddRange(Blank(await Screenshot(cdp, Path.Combine(shots, name + "-wide.png")), "wide screenshot"));
    await Viewport(cdp, 390, 844, true);
    await Task.Delay(300);
    var phone = await Evaluate(cdp, "({ page: document.documentElement.scrollWidth, view: window.innerWidth })");
    if (phone.GetProperty("page").GetInt32() > phone.GetProperty("view").GetInt32() + 1)
        problems.Add($"on a phone (390 px) the page is {phone.GetProperty("page").GetInt32()} px wide: it scrolls sideways");
    problems.AddRange(Blank(await Screenshot(cdp, Path.Combine(shots, name + "-phone.png")), "phone screenshot"));
    var pdf = Convert.FromBase64String((await cdp.Send("Page.printToPDF", new JsonObject { ["printBackground"] = false })).GetProperty("data").GetString()!);
    File.WriteAllBytes(Path.Combine(shots, name + ".pdf"), pdf);
    if (pdf.Length < 2000 || pdf[0] != '%') problems.Add($"print: a {pdf.Length}-byte PDF");

    // what went wrong while it loaded and ran
    foreach (var e in cdp.Events("Runtime.exceptionThrown")) problems.Add("uncaught exception: " + e.GetProperty("params").GetProperty("exceptionDetails").GetRawText());
    foreach (var e in cdp.Events("Runtime.consoleAPICalled"))
    {
        string type = e.GetProperty("params").GetProperty("type").GetString()!;
        if (type is "error" or "warning" or "assert") problems.Add($"console {type}: " + e.GetProperty("params").GetProperty("args").GetRawText());
    }
    foreach (var e in cdp.Events("Log.entryAdded"))
    {
        var entry = e.GetProperty("params").GetProperty("entry");
        if (entry.GetProperty("level").GetString() is "error" or "warning") problems.Add($"log {entry.GetProperty("level").GetString()}: {entry.GetProperty("text").GetString()}");
    }
    foreach (var e in cdp.Events("Page.javascriptDialogOpening")) problems.Add("a dialog opened: " + e.GetProperty("params").GetProperty("message").GetString());
    foreach (var e in cdp.Events("Network.loadingFailed")) problems.Add("failed request: " + e.GetProperty("params").GetProperty("errorText").GetString());
    foreach (var e in cdp.Events("Network.requestWillBeSent"))
    {
        string req = e.GetProperty("params").GetProperty("request").GetProperty("url").GetString()!;
        if (req != url && !req.StartsWith("data:", StringComparison.Ordinal)) problems.Add("request beyond the page itself: " + req);
    }
    await http.GetAsync($"/json/close/{target.GetProperty("id").GetString()}");
    Console.WriteLine($"     {path}: {animations} animation(s), {facts.GetProperty("svgs").GetInt32()} SVG(s), PDF {pdf.Length / 1024} KB");
    return problems;
}

static Task<JsonElement> Viewport(Cdp cdp, int width, int height, bool mobile) => cdp.Send("Emulation.setDeviceMetricsOverride",
    new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = mobile });

static async Task<JsonElement> Evaluate(Cdp cdp, string expression)
{
    var r = await cdp.Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true });
    if (r.TryGetProperty("exceptionDetails", out var ex)) throw new InvalidOperationException("page check script failed: " + ex.GetRawText());
    return r.GetProperty("result").GetProperty("value");
}

static async Task<byte[]> Screenshot(Cdp cdp, string file)
{
    var png = Convert.FromBase64String((await cdp.Send("Page.captureScreenshot", new JsonObject { ["format"] = "png" })).GetProperty("data").GetString()!);
    File.WriteAllBytes(file, png);
    return png;
}

// blank: (almost) every pixel white, or too few colours to be text, plots and a drawing
static IEnumerable<string> Blank(byte[] png, string what)
{
    var (w, h, rgb) = Png.Decode(png);
    int inked = 0;
    var colours = new HashSet<int>();
    for (int p = 0; p < w * h; p++)
    {
        int r = rgb[3 * p], g = rgb[3 * p + 1], b = rgb[3 * p + 2];
        if (r + g + b < 3 * 235) inked++;
        colours.Add((r >> 4) << 8 | (g >> 4) << 4 | b >> 4);
    }
    double fraction = (double)inked / (w * h);
    if (fraction < 0.01 || colours.Count < 8) yield return $"{what} looks blank: {fraction:P1} of {w}×{h} pixels inked, {colours.Count} colours";
}
