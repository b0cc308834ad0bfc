// Runs `rein2` in-process with empty standard input and captured output, as the CLI tests need.
namespace Rein2.Pure.Tests.Support;

public static class CliRunner
{
    /// <summary>The exit code, standard output and standard error of `rein2 ARGS`.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args) => Run(args, default);

    /// <summary>As <see cref="Run(string[])"/>, with an interrupt (Ctrl-C) and optionally a writer of its own for standard output.</summary>
    public static (int Code, string Out, string Err) Run(string[] args, CancellationToken interrupt, TextWriter? stdout = null)
    {
        var (o, e) = (stdout ?? new StringWriter(), new StringWriter());
        int code = Rein2.Cli.CommandLine.Run(args, new StringReader(""), o, e, interrupt);
        return (code, o.ToString() ?? "", e.ToString());
    }
}
