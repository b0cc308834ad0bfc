// A CSV log a run appends to as it goes (progress.csv, monitor.csv): written through a buffer,
// flushed at least once a second and at every checkpoint, so a reader (or a crash) sees the run up
// to then. The checkpoint records the log's length; a resume cuts the file back to that length, so
// rows written after the last checkpoint are written once more by the resumed run and the file ends
// identical to an uninterrupted run's.
using System.Diagnostics;
using System.Text;

namespace Rein2.Pure.Io;

internal sealed class AppendLog : IDisposable
{
    readonly FileStream _file;
    readonly StreamWriter _writer;
    readonly Stopwatch _sinceFlush = Stopwatch.StartNew();

    public string Path { get; }

    AppendLog(string path, FileStream file)
    {
        Path = path;
        _file = file;
        _writer = new StreamWriter(file, new UTF8Encoding(false), 1 << 16);
    }

    /// <summary>A new log with its header row (an existing file is replaced).</summary>
    public static AppendLog Create(string path, string header)
    {
        var log = new AppendLog(path, new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read));
        log._writer.Write(header);
        log._writer.Write('\n');
        return log;
    }

    /// <summary>The log of a resumed run, cut back to <paramref name="length"/> bytes (what the checkpoint saw).</summary>
    public static AppendLog Continue(string path, long length)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path} is missing; the checkpoint expects {length} bytes of it.");
        var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
        if (file.Length < length)
        {
            long have = file.Length;
            file.Dispose();
            throw new InvalidDataException($"{path} has {have} bytes, fewer than the {length} the checkpoint saw: it was changed or truncated since.");
        }
        file.SetLength(length);
        file.Seek(0, SeekOrigin.End);
        return new AppendLog(path, file);
    }

    public StreamWriter Row => _writer;

    /// <summary>Ends a row; flushes when a second has passed since the last flush.</summary>
    public void EndRow()
    {
        _writer.Write('\n');
        if (_sinceFlush.ElapsedMilliseconds >= 1000) Flush(toDisk: false);
    }

    /// <summary>Flushes the buffer (and the file to disk when asked) and returns the file's length.</summary>
    public long Flush(bool toDisk)
    {
        IoFaults.Check(Path);
        _writer.Flush();
        _file.Flush(toDisk);
        _sinceFlush.Restart();
        return _file.Length;
    }

    public void Dispose()
    {
        try { _writer.Dispose(); }
        catch (IOException) { } // a full disk: what could be written is on disk, the error was reported where it happened
    }
}
