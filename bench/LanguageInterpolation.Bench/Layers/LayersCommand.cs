using LanguageInterpolation.Bench.Common;
using TorchSharp;

namespace LanguageInterpolation.Bench.Layers;

/// <summary>
/// <c>li-bench layers formulations|conv-formulations|dual-convolution|step-profile|init-study|profile|memory</c>: timings of the high-order layer
/// formulations and the initialisation study. <c>--threads N</c> sets torch's thread count (default 2, the
/// project machines' core count); <c>--repetitions N</c> the timed repetitions; <c>--quick</c> a shorter run.
/// Results are printed and written under bench/results/.
/// </summary>
internal static class LayersCommand
{
    public static int Run(string[] args)
    {
        string command = args.Length > 0 ? args[0] : "formulations";
        bool quick = args.Contains("--quick");
        int threadsAt = Array.IndexOf(args, "--threads");
        torch.set_num_threads(threadsAt >= 0 ? int.Parse(args[threadsAt + 1], System.Globalization.CultureInfo.InvariantCulture) : 2);
        string resultsFolder = Path.Combine(MachineInfo.RepositoryRoot, "bench", "results");
        Directory.CreateDirectory(resultsFolder);
        switch (command)
        {
            case "formulations":
                FormulationBenchmark.Run(Path.Combine(resultsFolder, "layer-formulations.md"), quick, args);
                break;
            case "conv-formulations":
                ConvolutionFormulationBenchmark.Run(Path.Combine(resultsFolder, "conv-layer-formulations.md"), quick, args);
                break;
            case "dual-convolution":
                DualConvolutionBenchmark.Run(Path.Combine(resultsFolder, "dual-convolution-loop.md"), quick, args);
                break;
            case "step-profile":
                StepProfile.Run(Path.Combine(resultsFolder, "training-step-profile.md"), quick, args);
                break;
            case "init-study":
                InitializationStudy.Run(Path.Combine(resultsFolder, "initialization-study.md"), quick, args);
                break;
            case "profile":
                Probe.Run();
                break;
            case "memory":
                Probe.Memory(Enum.Parse<LanguageInterpolation.Trainers.Layers.PiecewiseAlgorithm>(args[1]), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                Console.Error.WriteLine($"Unknown command '{command}'. Use 'formulations', 'conv-formulations', 'dual-convolution', 'step-profile', 'init-study', 'profile' or 'memory'.");
                return 2;
        }
                return 0;
    }
}
