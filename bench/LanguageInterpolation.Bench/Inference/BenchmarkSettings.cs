using System.Globalization;
using LanguageInterpolation.Pipelines.OnnxInference;

namespace LanguageInterpolation.Bench.Inference;

/// <summary>What the benchmark measures; every field has a command-line option of the same name in kebab case.</summary>
internal sealed record BenchmarkSettings
{
    /// <summary>Network preset. <value>large_single_layer</value></summary>
    public string Preset { get; init; } = "large_single_layer";

    /// <summary>Characters of The Dunwich Horror to train on. <value>20000</value></summary>
    public int TrainChars { get; init; } = 20_000;

    /// <summary>Training epochs; speed does not depend on accuracy, so 1 is enough. <value>1</value></summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Rows per block on the batched paths. <value>1024</value></summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Seconds of each turn of each measurement (after a warm-up). <value>0.5</value></summary>
    public double Seconds { get; init; } = 0.5;

    /// <summary>Turns of every measurement, taken in rotation. <value>5</value></summary>
    public int Rounds { get; init; } = 5;

    /// <summary>TorchSharp threads; 0 means one per core (ONNX Runtime runs with the model's defaults, and once with its own). <value>0</value></summary>
    public int Threads { get; init; }

    /// <summary>Where ONNX Runtime runs: <c>cpu</c>, <c>cuda</c> (fails without it) or <c>auto</c>. <value>cpu</value></summary>
    public OnnxDevice Device { get; init; } = OnnxDevice.Cpu;

    /// <summary>Where to write the Markdown report. <value>bench/results/inference.md</value></summary>
    public string Output { get; init; } = Path.Combine("bench", "results", "inference.md");

    /// <summary>Reads <c>--name value</c> pairs.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value, named.</exception>
    public static BenchmarkSettings Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new BenchmarkSettings();
        for (int i = 0; i < args.Length; i += 2)
        {
            string name = args[i];
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"Option {name} needs a value.");
            settings = name switch
            {
                "--preset" => settings with { Preset = value },
                "--train-chars" => settings with { TrainChars = Positive(name, value) },
                "--epochs" => settings with { Epochs = Positive(name, value) },
                "--batch-size" => settings with { BatchSize = Positive(name, value) },
                "--seconds" => settings with { Seconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--rounds" => settings with { Rounds = Positive(name, value) },
                "--threads" => settings with { Threads = int.Parse(value, CultureInfo.InvariantCulture) },
                "--output" => settings with { Output = value },
                "--device" => settings with { Device = Enum.TryParse(value, ignoreCase: true, out OnnxDevice device) && Enum.IsDefined(device) ? device : throw new ArgumentException($"Option --device must be cpu, cuda or auto (got '{value}').") },
                _ => throw new ArgumentException($"Unknown option {name}. Options: --preset, --train-chars, --epochs, --batch-size, --seconds, --rounds, --threads, --device, --output."),
            };
        }
        return settings;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number > 0
            ? number
            : throw new ArgumentException($"Option {name} must be a positive integer (got '{value}').");
}
