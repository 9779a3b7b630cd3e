using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Common.IO;

namespace LanguageInterpolation.Bench.Inference;

/// <summary>
/// <c>li-bench inference [--preset large_single_layer] [--train-chars 20000] [--epochs 1] [--batch-size 1024]
/// [--seconds 0.5] [--rounds 5] [--threads 0] [--output bench/results/inference.md]</c>: inference speed of one
/// network preset through every scoring path.
/// </summary>
internal static class InferenceCommand
{
    public static int Run(string[] args)
    {
        try
        {
            BenchmarkSettings settings = BenchmarkSettings.Parse(args);
            string root = MachineInfo.RepositoryRoot;
            BenchmarkResult result = new InferenceBenchmark(settings).Run(root);
            string command = MachineInfo.Command(["inference", .. args]);
            string output = Path.IsPathRooted(settings.Output) ? settings.Output : Path.Combine(root, settings.Output);
            string report = result.ToMarkdown(command);
            AtomicFile.WriteAllText(output, report);
            Console.WriteLine(report);
            Console.Error.WriteLine($"Report written to {output}.");
            return 0;
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine(error.Message);
            return 2;
        }
    }
}
