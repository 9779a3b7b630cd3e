using LanguageInterpolation.Bench.Training;

namespace LanguageInterpolation.Bench.Gpu;

/// <summary>
/// <c>li-bench gpu torch|onnx [--output FILE] [--dry-run true]</c>: the checks that need a CUDA machine (shared/docs/gpu-device.md).
/// <c>torch</c>: TorchSharp on CUDA, forward and gradients of every preset against the CPU, and the same
/// training run on both. <c>onnx</c>: ONNX Runtime's CUDA provider with CPU fallback forbidden, outputs against
/// the CPU provider, and raw session rows per second by batch size. Each writes a Markdown report.
/// <c>--dry-run true</c> lets the CPU stand in for CUDA, to test a script here before spending device time.
/// </summary>
internal static class GpuCommand
{
    public static int Run(string[] args)
    {
        string check = args.Length > 0 ? args[0] : string.Empty;
        var arguments = Arguments.Parse(args.Length > 0 ? args[1..] : []);
        string output = arguments.Get("output", $"gpu-{check}.md");
        bool dryRun = arguments.Get("dry-run", "false") == "true";
        try
        {
            return check switch
            {
                "torch" => TorchCudaCheck.Run(output, dryRun),
                "onnx" => OnnxCudaCheck.Run(output, dryRun),
                _ => Usage(check),
            };
        }
        catch (InvalidOperationException error)
        {
            Console.Error.WriteLine(error.Message);
            return 1;
        }
    }

    private static int Usage(string check)
    {
        Console.Error.WriteLine((check.Length > 0 ? $"Unknown GPU check '{check}'. " : string.Empty) + "Use: li-bench gpu torch|onnx [--output FILE].");
        return 2;
    }
}
