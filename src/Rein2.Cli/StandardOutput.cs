// Standard output that can fail — a closed descriptor, /dev/full, a pipe whose reader is gone — is
// reported as that, in one line with exit 2, never as an "unexpected error" with .NET's exception name.
namespace Rein2.Cli;

/// <summary>Standard output could not be written.</summary>
public sealed class OutputUnwritableException(string message) : Exception(message);

/// <summary>Wraps the process's standard output: a failed write becomes an <see cref="OutputUnwritableException"/>.</summary>
public sealed class StandardOutput(TextWriter inner) : TextWriter
{
    public override System.Text.Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Guard(() => inner.Write(value));
    public override void Write(string? value) => Guard(() => inner.Write(value));
    public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));
    public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));
    public override void Flush() => Guard(inner.Flush);

    static void Guard(Action write)
    {
        try { write(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            throw new OutputUnwritableException($"standard output cannot be written ({e.Message}); redirect it to a file or a terminal.");
        }
    }
}
