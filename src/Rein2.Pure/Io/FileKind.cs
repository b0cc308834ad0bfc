// What a path names, asked of the operating system without opening it: .NET reports a device, a FIFO
// and a socket as an ordinary file of length 0, and opening a FIFO blocks until a writer comes. An
// output is written only to a new name or over a regular file, so a rename never replaces
// /dev/null (as root it would) and a sniff of an existing output never hangs on a pipe.
// Linux: statx(2), whose struct layout is the same on every architecture (stx_mode at byte 28).
// macOS: lstat-family stat(2) (st_mode at byte 4). Elsewhere, or where the call is missing, an
// existing entry of length 0 is reported as Unknown, and callers refuse it.
using System.Runtime.InteropServices;

namespace Rein2.Pure.Io;

/// <summary>What kind of file-system entry a path names (symbolic links followed).</summary>
public enum EntryKind
{
    /// <summary>Nothing by that name.</summary>
    Missing,
    /// <summary>A regular file.</summary>
    Regular,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A character or block device (e.g. /dev/null).</summary>
    Device,
    /// <summary>A named pipe (FIFO).</summary>
    Fifo,
    /// <summary>A Unix socket.</summary>
    Socket,
    /// <summary>Something this platform cannot tell apart from a device (an empty entry where the kind is not known).</summary>
    Unknown,
}

/// <summary>Tells what a path names without opening it.</summary>
public static partial class FileKind
{
    const int AtFdCwd = -100, AtEmptyPath = 0x1000, StatxType = 0x1, StatxIno = 0x100;
    const int SIfmt = 0xF000, SIfreg = 0x8000, SIfdir = 0x4000, SIfchr = 0x2000, SIfblk = 0x6000, SIfifo = 0x1000, SIfsock = 0xC000;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int LinuxStatx(int dirFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int MacStat(string path, byte* buffer);

    static bool _noNativeCall;

    /// <summary>What <paramref name="path"/> names, following symbolic links (a dangling link is <see cref="EntryKind.Missing"/>).</summary>
    public static EntryKind Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!_noNativeCall && (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            try { if (NativeMode(path) is int mode) return mode < 0 ? EntryKind.Missing : FromMode(mode); }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { _noNativeCall = true; }
        }
        if (System.IO.Directory.Exists(path)) return EntryKind.Directory;
        var info = new FileInfo(path);
        if (!info.Exists) return EntryKind.Missing;
        return info.Length > 0 ? EntryKind.Regular : EntryKind.Unknown;
    }

    /// <summary>Null when an output may be written at <paramref name="path"/> (a new name or a regular file); otherwise why not, to follow the path in a message.</summary>
    public static string? ReplaceProblem(string path) => Of(path) switch
    {
        EntryKind.Missing or EntryKind.Regular => null,
        EntryKind.Directory => "is a directory",
        EntryKind.Device => "is a device, not a regular file",
        EntryKind.Fifo => "is a named pipe (FIFO), not a regular file",
        EntryKind.Socket => "is a socket, not a regular file",
        _ => "exists and is empty or not a regular file (this platform cannot tell which); remove it or give a new name",
    };

    /// <summary>
    /// Whether <paramref name="path"/> still names the file <paramref name="handle"/> has open (same
    /// device and inode on Linux; elsewhere, that something by that name exists).
    /// </summary>
    internal static unsafe bool IsSameFile(string path, Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux() || _noNativeCall) return File.Exists(path);
        byte* byPath = stackalloc byte[256], byHandle = stackalloc byte[256];
        try
        {
            if (LinuxStatx(AtFdCwd, path, 0, StatxType | StatxIno, byPath) != 0) return false;
            int fd = (int)handle.DangerousGetHandle();
            if (LinuxStatx(fd, "", AtEmptyPath, StatxType | StatxIno, byHandle) != 0) return File.Exists(path);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { _noNativeCall = true; return File.Exists(path); }
        // stx_ino at byte 32, stx_dev_major and stx_dev_minor at 136 and 140
        return *(ulong*)(byPath + 32) == *(ulong*)(byHandle + 32) && *(ulong*)(byPath + 136) == *(ulong*)(byHandle + 136);
    }

    // the st_mode of the entry (links followed), −1 when it does not exist, null when the call failed otherwise
    static unsafe int? NativeMode(string path)
    {
        byte* buffer = stackalloc byte[256];
        int rc = OperatingSystem.IsLinux() ? LinuxStatx(AtFdCwd, path, 0, StatxType, buffer) : MacStat(path, buffer);
        if (rc != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno is 2 or 20 ? -1 : null;   // ENOENT, ENOTDIR: nothing by that name
        }
        return OperatingSystem.IsLinux() ? *(ushort*)(buffer + 28) : *(ushort*)(buffer + 4);
    }

    static EntryKind FromMode(int mode) => (mode & SIfmt) switch
    {
        SIfreg => EntryKind.Regular,
        SIfdir => EntryKind.Directory,
        SIfchr or SIfblk => EntryKind.Device,
        SIfifo => EntryKind.Fifo,
        SIfsock => EntryKind.Socket,
        _ => EntryKind.Unknown,
    };
}
