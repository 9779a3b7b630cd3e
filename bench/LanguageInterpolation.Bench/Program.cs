using LanguageInterpolation.Bench.Automaton;
using LanguageInterpolation.Bench.Gpu;
using LanguageInterpolation.Bench.Inference;
using LanguageInterpolation.Bench.Layers;
using LanguageInterpolation.Bench.Mamba;
using LanguageInterpolation.Bench.Original;
using LanguageInterpolation.Bench.Sequence;
using LanguageInterpolation.Bench.Training;
using LanguageInterpolation.Bench.Transformers;

// The project's benchmarks, one program so that one output folder carries the TorchSharp natives:
//   li-bench training  [--presets a,b] [--epochs N] [--time-budget S] [--device cpu|cuda] ... (bench/results/training.md)
//   li-bench layers    formulations|init-study [--quick] ...                 (bench/results/layer-*.md)
//   li-bench inference [--preset large_single_layer] [--device cpu|cuda] ...  (bench/results/inference.md)
//   li-bench transformers [--presets a,b] [--seconds 30] [--contexts 64,256,512] (bench/results/transformers.md)
//   li-bench transformer-run [--preset transformer_cpu] [--minutes 10]      (bench/results/transformer-tinyshakespeare-*.md)
//   li-bench mamba-scan [--lengths 64,256,1024] [--seconds 5]                 (bench/results/mamba-scan.md)
//   li-bench mamba [--presets a,b] [--seconds 30] [--contexts 64,256,1024]   (bench/results/mamba.md)
//   li-bench mamba-range [--seconds 90]                                       (bench/results/mamba-range.md)
//   li-bench automaton --models a.zip,b.zip                                   (bench/results/automaton-repair.md)
//   li-bench original  [--original HOL_CHECKOUT] [--presets small,large_standard] [--epochs 20] [--rounds 2] (bench/results/original-side-by-side.md)
//   li-bench busy-core [--preset small] [--epochs 4] [--rounds 2]               (bench/results/busy-core.md)
//   li-bench gpu       torch|onnx [--output FILE]                             (bench/results/gpu-*.md, on a CUDA machine)
// Run with: dotnet run -c Release --project bench/LanguageInterpolation.Bench -- <benchmark> [options]
string benchmark = args.Length > 0 ? args[0] : string.Empty;
string[] rest = args.Length > 0 ? args[1..] : [];
return benchmark switch
{
    "training" => TrainingBenchmark.Run(rest),
    "layers" => LayersCommand.Run(rest),
    "inference" => InferenceCommand.Run(rest),
    "transformers" => SequenceBenchmark.Run(rest, SequenceBenchmark.Transformers),
    "transformer-run" => TinyShakespeareRun.Run(rest),
    "mamba-scan" => MambaScanBenchmark.Run(rest),
    "mamba" => SequenceBenchmark.Run(rest, SequenceBenchmark.Mamba),
    "mamba-range" => MambaRangeStudy.Run(rest),
    "gpu" => GpuCommand.Run(rest),
    "automaton" => AutomatonBenchmark.Run(rest),
    "original" => OriginalComparison.Run(rest),
    "original-our-run" => OurRun.RunCommand(rest),
    "busy-core" => BusyCoreBenchmark.Run(rest),
    _ => Usage(benchmark),
};

static int Usage(string benchmark)
{
    Console.Error.WriteLine((benchmark.Length > 0 ? $"Unknown benchmark '{benchmark}'. " : string.Empty) + "Use: li-bench training|layers|inference|transformers|transformer-run|mamba-scan|mamba|mamba-range|automaton|original|busy-core|gpu [options].");
    return 2;
}
