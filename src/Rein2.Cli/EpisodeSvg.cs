// An episode as one self-contained animated SVG: the environment drawn from its exact states (the
// same float64 state the physics steps), moved by SMIL animations (no script, no network), with the
// step, the return so far and the action as text. Each body is one group whose transform takes one
// value per frame (calcMode discrete), so a 500-step episode stays a few tens of KB; the text is one
// small element per frame, shown during its frame only. The loop repeats indefinitely.
using System.Globalization;
using System.Text;
using Rein2.Pure.Envs;

namespace Rein2.Cli;

/// <summary>One frame: the state's drawing parameters, and what the caption says.</summary>
public readonly record struct EpisodeFrame(double A, double B, int Episode, int Step, double Return, string Action);

/// <summary>Draws episodes of the built-in environments as animated SVG.</summary>
public static class EpisodeSvg
{
    /// <summary>The drawing parameters of <paramref name="env"/>'s current state: (x, θ) for CartPole, (θ1, θ2) for Acrobot, the position for the cars, θ for Pendulum.</summary>
    public static (double A, double B) Pose(Env env) => env switch
    {
        CartPole c => (c.State.X, c.State.Theta),
        Acrobot a => (a.State.Theta1, a.State.Theta2),
        MountainCar m => (m.State.Position, 0),
        MountainCarContinuous m => (m.State.Position, 0),
        Pendulum p => (p.State.Theta, 0),
        _ => throw new UsageException($"render draws the built-in environments only; {env.Id} has no drawing."),
    };

    /// <summary>Gymnasium's render_fps for the id (real time).</summary>
    public static double Fps(string envId) => envId switch { "CartPole-v1" => 50, "Acrobot-v1" => 15, "Pendulum-v1" => 30, _ => 30 };

    /// <summary>The animated SVG of <paramref name="frames"/> at <paramref name="fps"/> frames per second, <paramref name="width"/>×<paramref name="height"/> px.</summary>
    public static string Render(string envId, IReadOnlyList<EpisodeFrame> frames, double fps, int width, int height, string title)
    {
        const int W = 600, H = 400;   // the drawing's own coordinates (viewBox), scaled to the size asked
        double total = frames.Count / fps;
        string dur = $"{F(total)}s";
        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"14\">\n");
        sb.Append($"<title>{Escape(title)}</title>\n<rect width=\"{W}\" height=\"{H}\" fill=\"white\"/>\n");
        string Values(Func<EpisodeFrame, string> f) => string.Join(";", frames.Select(f));
        // the group's own transform is the first frame's, so a still image (print, a viewer without SMIL) shows frame 0
        string Animate(string type, string values) =>
            $"<animateTransform attributeName=\"transform\" type=\"{type}\" values=\"{values}\" dur=\"{dur}\" calcMode=\"discrete\" repeatCount=\"indefinite\"/>";
        string G(string type, string values) => $"<g transform=\"{type}({values.Split(';')[0].Replace(',', ' ')})\">{Animate(type, values)}";
        switch (envId)
        {
            case "CartPole-v1":
                // 100 px per metre; the track spans ±2.4 m; the pole (1 m) leans right for θ > 0
                sb.Append("<line x1=\"60\" y1=\"315\" x2=\"540\" y2=\"315\" stroke=\"black\"/>\n");
                sb.Append($"{G("translate", Values(fr => $"{F(300 + 100 * fr.A)},300"))}\n");
                sb.Append("<rect x=\"-25\" y=\"-15\" width=\"50\" height=\"30\" fill=\"#444\"/>\n");
                sb.Append($"{G("rotate", Values(fr => F(fr.B * 180 / Math.PI)))}<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"-100\" stroke=\"#c97\" stroke-width=\"10\" stroke-linecap=\"round\"/></g>\n");
                sb.Append("<circle r=\"4\" fill=\"#888\"/></g>\n");
                break;
            case "Acrobot-v1":
                // links of 1 m (80 px) from the pivot at the centre; θ1 = 0 hangs straight down and a link's tip is at
                // x = +sin θ (Gymnasium's drawing), so the screen rotation (clockwise positive, y down) is −θ; the goal
                // line is 1 m above the pivot
                sb.Append("<line x1=\"100\" y1=\"120\" x2=\"500\" y2=\"120\" stroke=\"#999\" stroke-dasharray=\"6 4\"/>\n");
                sb.Append($"<g transform=\"translate(300,200)\">{G("rotate", Values(fr => F(-fr.A * 180 / Math.PI)))}\n");
                sb.Append("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"80\" stroke=\"#0b6\" stroke-width=\"10\" stroke-linecap=\"round\"/>\n");
                sb.Append($"<g transform=\"translate(0,80)\">{G("rotate", Values(fr => F(-fr.B * 180 / Math.PI)))}<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"80\" stroke=\"#0b6\" stroke-width=\"10\" stroke-linecap=\"round\"/></g><circle r=\"5\" fill=\"#cc0\"/></g>\n");
                sb.Append("</g><circle r=\"5\" fill=\"#cc0\"/></g>\n");
                break;
            case "MountainCar-v0":
            case "MountainCarContinuous-v0":
                // height = 0.45·sin(3x) + 0.55 over x ∈ [−1.2, 0.6]; the flag at 0.5 (MountainCarContinuous: 0.45)
                static double Px(double x) => 30 + (x + 1.2) / 1.8 * 540;
                static double Py(double x) => 350 - (0.45 * Math.Sin(3 * x) + 0.55) * 300;
                var hill = string.Join(" ", Enumerable.Range(0, 91).Select(i => { double x = -1.2 + i * 0.02; return $"{F(Px(x))},{F(Py(x))}"; }));
                sb.Append($"<polyline points=\"{hill}\" fill=\"none\" stroke=\"black\" stroke-width=\"2\"/>\n");
                double goal = envId == "MountainCar-v0" ? 0.5 : 0.45;
                sb.Append($"<line x1=\"{F(Px(goal))}\" y1=\"{F(Py(goal))}\" x2=\"{F(Px(goal))}\" y2=\"{F(Py(goal) - 40)}\" stroke=\"black\"/><polygon points=\"{F(Px(goal))},{F(Py(goal) - 40)} {F(Px(goal) + 20)},{F(Py(goal) - 33)} {F(Px(goal))},{F(Py(goal) - 26)}\" fill=\"#cc0\"/>\n");
                sb.Append($"{G("translate", Values(fr => $"{F(Px(fr.A))},{F(Py(fr.A))}"))}{G("rotate", Values(fr => F(-Math.Atan(1.35 * Math.Cos(3 * fr.A) * 300 / 540 * 1.8) * 180 / Math.PI)))}");
                sb.Append("<rect x=\"-20\" y=\"-22\" width=\"40\" height=\"16\" fill=\"#444\"/><circle cx=\"-12\" cy=\"-5\" r=\"5\" fill=\"#777\"/><circle cx=\"12\" cy=\"-5\" r=\"5\" fill=\"#777\"/></g></g>\n");
                break;
            case "Pendulum-v1":
                // θ = 0 points up and the tip is at x = −sin θ (Gymnasium's drawing): screen rotation −θ; 1 m = 120 px
                sb.Append($"<g transform=\"translate(300,210)\">{G("rotate", Values(fr => F(-fr.A * 180 / Math.PI)))}");
                sb.Append("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"-120\" stroke=\"#c44\" stroke-width=\"14\" stroke-linecap=\"round\"/></g><circle r=\"6\" fill=\"black\"/></g>\n");
                break;
            default:
                throw new UsageException($"render draws the built-in environments only; {envId} has no drawing.");
        }
        // the caption: one text per frame, visible during its frame only
        for (int i = 0; i < frames.Count; i++)
        {
            var fr = frames[i];
            string kt = i == 0 ? $"0;{F((i + 1) / (double)frames.Count)}" : i == frames.Count - 1 ? $"0;{F(i / (double)frames.Count)}" : $"0;{F(i / (double)frames.Count)};{F((i + 1) / (double)frames.Count)}";
            string vs = i == 0 ? "visible;hidden" : i == frames.Count - 1 ? "hidden;visible" : "hidden;visible;hidden";
            if (frames.Count == 1) { kt = "0"; vs = "visible"; }
            sb.Append($"<text x=\"12\" y=\"24\" visibility=\"{(i == 0 ? "visible" : "hidden")}\">episode {fr.Episode + 1} · step {fr.Step} · return {fr.Return.ToString("0.##", CultureInfo.InvariantCulture)} · action {Escape(fr.Action)}<animate attributeName=\"visibility\" values=\"{vs}\" keyTimes=\"{kt}\" dur=\"{dur}\" calcMode=\"discrete\" repeatCount=\"indefinite\"/></text>\n");
        }
        sb.Append($"<text x=\"{W - 12}\" y=\"{H - 12}\" text-anchor=\"end\" fill=\"#777\" font-size=\"12\">{Escape(title)}</text>\n</svg>\n");
        return sb.ToString();
    }

    static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
    static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
