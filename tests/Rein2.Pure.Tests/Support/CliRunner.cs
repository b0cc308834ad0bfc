// Runs `rein2` in-process with empty standard input and captured output, as the CLI tests need.
namespace Rein2.Pure.Tests.Support;

public static class CliRunner
{
    /// <summary>The exit code, standard output and standard error of `rein2 ARGS`.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int code = global::Rein2.Cli.CommandLine.Run(args, new StringReader(""), o, e);
        return (code, o.ToString(), e.ToString());
    }
}
