// `rein2 export FILE --onnx OUT.onnx [--opset N] [--value]`: a saved agent as an ONNX model
// (AgentFile.SaveOnnx), then one JSON line saying what was written.
using Rein2.Pure.Io;

namespace Rein2.Cli;

public static class ExportCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var p = Commands.Export.Parse(args, 1);
        string input = p.Positional[0];
        string outPath = p.Get("--onnx") ?? throw new UsageException("export needs --onnx OUT.onnx, the file to write.");
        OutputDirectory.CheckFileTarget("--onnx", "policy.onnx", outPath, [input]);
        if (!outPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--onnx {outPath}: give a name ending in .onnx (rein2 eval and AgentFile.Load recognise ONNX models by it).");
        if (input.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"{input} is already an ONNX model; export reads a best.agent or a model.bin.");
        var agent = InputFiles.LoadAgent(input);
        var options = new OnnxExportOptions { Opset = (int)p.Long("--opset"), IncludeValue = p.Has("--value") };
        var written = AgentFile.SaveOnnx(outPath, agent, options);
        stdout.WriteLine(new JsonOut().Add("onnx", outPath).Add("env", agent.EnvId).Add("kind", written.Kind)
            .Add("opset", written.Opset).AddArray("outputs", written.Outputs).Add("bytes", written.Bytes).ToCompactString());
        return CommandLine.Ok;
    }
}
