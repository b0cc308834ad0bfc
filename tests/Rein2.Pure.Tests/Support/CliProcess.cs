// Runs `rein2` as a real process: the binary REIN2_CLI_BINARY names (CI points it at the NativeAOT
// build), else the JIT build copied beside the tests (dotnet rein2.dll).
using System.Diagnostics;

namespace Rein2.Pure.Tests.Support;

public static class CliProcess
{
    /// <summary>Which binary the process tests run.</summary>
    public static string Describe => Environment.GetEnvironmentVariable("REIN2_CLI_BINARY") is { Length: > 0 } b ? b : "dotnet " + Path.Combine(AppContext.BaseDirectory, "rein2.dll");

    /// <summary>The exit code and standard error of `rein2 ARGS` run in <paramref name="workingDirectory"/> with empty standard input.</summary>
    /// <paramref name="stdoutRedirect"/>, when given, is a shell redirection of standard output (">/dev/full", ">&-").
    public static (int Code, string Err) Run(string[] args, string workingDirectory, string? stdoutRedirect = null)
    {
        using var p = Start(args, workingDirectory, stdoutRedirect: stdoutRedirect);
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(entireProcessTree: true); Assert.Fail($"rein2 {string.Join(' ', args)} did not end in 60 s ({Describe})."); }
        return (p.ExitCode, error.Result);
    }

    /// <summary>Starts `rein2 ARGS` (standard input closed, output and error redirected), with <paramref name="environment"/> added to its environment, under <paramref name="prefix"/> (a command such as taskset) when given.</summary>
    public static Process Start(string[] args, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null, string? stdoutRedirect = null, string[]? prefix = null)
    {
        string? binary = Environment.GetEnvironmentVariable("REIN2_CLI_BINARY");
        string[] command = binary is { Length: > 0 } ? [binary, .. args] : ["dotnet", Path.Combine(AppContext.BaseDirectory, "rein2.dll"), .. args];
        if (prefix != null) command = [.. prefix, .. command];
        if (stdoutRedirect != null) command = ["/bin/sh", "-c", $"exec \"$0\" \"$@\" {stdoutRedirect}", .. command];
        var psi = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in command[1..]) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        p.StandardInput.Close();
        return p;
    }
}
