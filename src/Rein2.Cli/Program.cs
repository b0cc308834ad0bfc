// rein2 — the command-line face of Rein2.Pure. Maps library exceptions to exit codes:
// 0 success, 1 runtime failure, 2 usage or input error. Never prints a stack trace.
using Rein2.Cli;

return Cli.Run(args, Console.Out, Console.Error);
