// Command dispatch for `rein2`. Each command lives in its own file; this one only routes and maps
// errors to exit codes.
using System.Reflection;
using Rein2.Pure;

namespace Rein2.Cli;

/// <summary>Entry point logic, separated from Main so tests can call it in-process.</summary>
public static class CommandLine
{
    /// <summary>Exit code: success.</summary>
    public const int Ok = 0;
    /// <summary>Exit code: the run failed (divergence, I/O failure, …).</summary>
    public const int RuntimeFailure = 1;
    /// <summary>Exit code: bad command line or bad input file.</summary>
    public const int UsageError = 2;
    /// <summary>Exit code: interrupted by Ctrl-C or SIGTERM after writing a checkpoint (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    public static string Version =>
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The whole usage text (every command).</summary>
    public static string Help => CommandHelp.All;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, Console.In, stdout, stderr);

    /// <summary>Runs one command; <paramref name="interrupt"/> asks a training run to checkpoint and stop.</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken interrupt = default)
    {
        try
        {
            if (args.Length == 0 || args[0] is "--help" or "-h")
            {
                stdout.WriteLine(Help);
                return Ok;
            }
            if (args[0] == "help" || CommandHelp.Asked(args))
            {
                if (args[0] == "help" && !CommandHelp.Asked(args)) Commands.Help.Parse(args, 1);
                string? topic = args[0] == "help" ? args.ElementAtOrDefault(1) : args[0];
                if (topic is "--help" or "-h") topic = "help";
                string? text = topic is null ? Help : CommandHelp.For(topic == "--version" ? "version" : topic);
                if (text is null) throw new UsageException($"No help for '{topic}': it is not a command. Commands: {string.Join(", ", CommandHelp.Names)}.");
                stdout.WriteLine(text);
                return Ok;
            }
            switch (args[0])
            {
                case "--version" or "version":
                    Commands.Version.Parse(args, 1);
                    stdout.WriteLine($"rein2 {Version}");
                    stdout.WriteLine($"SIMD: {SimdPaths.Describe()}");
                    return Ok;
                case "envs":
                    Commands.Envs.Parse(args, 1);
                    return EnvsCommand.Run(stdout);
                case "rollout":
                    return RolloutCommand.Run(args, stdin, stdout);
                case "baseline":
                    return BaselineCommand.Run(args, stdout, stderr, interrupt);
                case "train":
                    return TrainCommand.Run(args, stdout, stderr, interrupt);
                case "eval":
                    return EvalCommand.Run(args, stdout);
                case "export":
                    return ExportCommand.Run(args, stdout);
                case "reproduce":
                    return ReproduceCommand.Run(args, stdout, stderr, interrupt);
                case "sweep":
                    return SweepCommand.Run(args, stdout, stderr, interrupt);
                case "render":
                    return RenderCommand.Run(args, stdout);
                case "report":
                    return ReportCommand.Run(args, stdout);
                case "plot":
                    return PlotCommand.Run(args, stdout);
                case "bench":
                    return BenchCommand.Run(args, stdout);
                default:
                    throw new UsageException($"Unknown command '{args[0]}'. Run 'rein2 --help' for the list of commands.");
            }
        }
        // One line on standard error, after what the command printed so far, and the exit code:
        catch (Exception e)
        {
            var (code, message) = e switch
            {
                // the user's input was rejected (a flag, a setting, an input file missing or malformed), or standard output cannot be written
                UsageException or InvalidSettingException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException or OutputUnwritableException
                    => (UsageError, e.Message),
                // a divergence: the kept checkpoint resumes with its own settings, so it would diverge again
                Rein2.Pure.Algos.TrainingDivergedException
                    => (RuntimeFailure, e.Message + " A resumed run keeps its settings and would diverge again: start a new run (another --out, or --overwrite) with, e.g., --set learning_rate=<lower>."),
                // the run failed (the environment, a full disk): the message names the checkpoint that is kept
                Rein2.Pure.Envs.EnvironmentException or Rein2.Pure.Io.RunIOException or Rein2.Pure.Algos.TrainerFaultedException
                    => (RuntimeFailure, e.Message),
                // anything else is not the user's mistake: said to be unexpected, without a stack trace
                _ => (RuntimeFailure, $"unexpected error ({e.GetType().Name}): {e.Message}"),
            };
            FlushQuietly(stdout);
            stderr.WriteLine($"rein2: {Printable(message)}");
            return code;
        }
    }

    /// <summary>
    /// An error message as one safe terminal line: text from a file (a forged checkpoint's setting, a
    /// name in a config) may hold control characters or escape sequences, so those are shown as \xNN,
    /// and a message longer than 1,000 characters is cut.
    /// </summary>
    public static string Printable(string message)
    {
        var sb = new System.Text.StringBuilder(Math.Min(message.Length, 1000));
        foreach (char c in message)
        {
            if (sb.Length >= 1000) { sb.Append("…"); break; }
            if (IsHidden(c)) sb.Append(Visible(c));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// A character that must not reach a terminal or a page as itself: a control character (NUL, ESC,
    /// …), a line or paragraph separator, or a bidirectional formatting character (U+202E turns the
    /// text after it around, so "exe.txt" can be shown as "txt.exe").
    /// </summary>
    public static bool IsHidden(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>How a hidden character is shown: \xNN below U+0100, \uNNNN above.</summary>
    public static string Visible(char c) => c < 0x100 ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}";

    // before an error line: what the command printed so far goes out first (unless standard output itself is the problem)
    static void FlushQuietly(TextWriter stdout)
    {
        try { stdout.Flush(); }
        catch (OutputUnwritableException) { }
    }
}

/// <summary>A command-line mistake: reported in one line, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
