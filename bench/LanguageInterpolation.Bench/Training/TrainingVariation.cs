using System.Globalization;
using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Optimizers;
using LanguageInterpolation.Trainers.Training;
using TorchSharp;

namespace LanguageInterpolation.Bench.Training;

/// <summary>
/// One change to a preset for the learning-per-epoch experiments (docs/studies/learning-per-epoch.md), read from
/// the <c>training</c> command's options: <c>--initialization NAME</c> and <c>--weight-magnitude X</c> (every high-order
/// layer), <c>--freeze-norm true</c>
/// (layer-norm gains and biases kept at 1 and 0, as the original's lazily created ones), <c>--optimizer KIND</c>,
/// <c>--lr X</c>, <c>--seed N</c> (weights and shuffling). Absent options leave the preset as it is.
/// </summary>
internal sealed record TrainingVariation
{
    public LayerInitialization? Initialization { get; init; }

    public double? WeightMagnitude { get; init; }

    public bool FreezeNormalization { get; init; }

    public OptimizerKind? Optimizer { get; init; }

    public double? LearningRate { get; init; }

    public int Seed { get; init; }

    /// <summary>Reads the options; unknown enum names fail with the list of valid ones.</summary>
    public static TrainingVariation Parse(Arguments arguments) => new()
    {
        Initialization = arguments.TryGet("initialization") is string init ? ParseEnum<LayerInitialization>(init, "initialization") : null,
        WeightMagnitude = arguments.TryGet("weight-magnitude") is string magnitude ? double.Parse(magnitude, CultureInfo.InvariantCulture) : null,
        FreezeNormalization = bool.Parse(arguments.Get("freeze-norm", "false")),
        Optimizer = arguments.TryGet("optimizer") is string kind ? ParseEnum<OptimizerKind>(kind, "optimizer") : null,
        LearningRate = arguments.TryGet("lr") is string lr ? double.Parse(lr, CultureInfo.InvariantCulture) : null,
        Seed = int.Parse(arguments.Get("seed", "0"), CultureInfo.InvariantCulture),
    };

    /// <summary>A one-line description for the report ("preset as shipped" when nothing changes).</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Initialization is LayerInitialization init)
        {
            parts.Add($"initialization {init}");
        }
        if (WeightMagnitude is double magnitude)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"weight magnitude {magnitude:G}"));
        }
        if (FreezeNormalization)
        {
            parts.Add("layer-norm gain and bias frozen");
        }
        if (Optimizer is OptimizerKind kind)
        {
            parts.Add($"optimizer {kind}");
        }
        if (LearningRate is double lr)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"learning rate {lr:G}"));
        }
        if (Seed != 0)
        {
            parts.Add($"seed {Seed}");
        }
        return parts.Count == 0 ? "preset as shipped" : string.Join(", ", parts);
    }

    /// <summary>The network configuration with this variation's initialisation and weight magnitude.</summary>
    public NetworkConfig Apply(NetworkConfig config) => Initialization is null && WeightMagnitude is null
        ? config
        : config switch
        {
            HighOrderMlpConfig mlp => mlp with { Initialization = Initialization ?? mlp.Initialization, WeightMagnitude = WeightMagnitude ?? mlp.WeightMagnitude },
            HighOrderInputMlpConfig input => input with { Initialization = Initialization ?? input.Initialization, WeightMagnitude = WeightMagnitude ?? input.WeightMagnitude },
            _ => throw new ArgumentException($"--initialization and --weight-magnitude do not apply to network type '{config.NetworkType}'."),
        };

    /// <summary>The training options with this variation's optimiser, learning rate and seed.</summary>
    public TrainingOptions Apply(TrainingOptions options)
    {
        OptimizerOptions optimizer = options.Optimizer;
        if (Optimizer is OptimizerKind kind)
        {
            optimizer = optimizer with { Kind = kind, LearningRate = LearningRate ?? optimizer.LearningRate };
        }
        if (LearningRate is double lr)
        {
            optimizer = optimizer with { LearningRate = lr };
        }
        return options with { Optimizer = optimizer, Seed = Seed };
    }

    /// <summary>Freezes the layer norms of a built network when asked (no gradient, so the optimiser skips them).</summary>
    public void Apply(LanguageNetwork network)
    {
        if (!FreezeNormalization)
        {
            return;
        }
        foreach (var module in network.modules().OfType<LayerNormalization>())
        {
            module.Weight.requires_grad = false;
            module.Bias.requires_grad = false;
        }
    }

    private static T ParseEnum<T>(string text, string option) where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out T value)
            ? value
            : throw new ArgumentException($"--{option} must be one of {string.Join(", ", Enum.GetNames<T>())} (got '{text}').");
}
