using TorchSharp;
using TorchSharp.Modules;

namespace LanguageInterpolation.Trainers.Optimizers;

/// <summary>Builds the optimizer that <see cref="OptimizerOptions"/> describe.</summary>
public static class OptimizerFactory
{
    /// <summary>
    /// Validates <paramref name="options"/> and builds <see cref="Lion"/>, <see cref="SparseLion"/>,
    /// <see cref="Adam"/> or <see cref="AdamW"/> over <paramref name="parameters"/> (Lion ignores
    /// <see cref="OptimizerOptions.Epsilon"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Invalid options (every bad field is named), or no parameters.</exception>
    public static IParameterOptimizer Create(IEnumerable<Parameter> parameters, OptimizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.Kind switch
        {
            OptimizerKind.Lion => new Lion(parameters, options.LearningRate, options.Beta1, options.Beta2, options.WeightDecay),
            OptimizerKind.SparseLion => new SparseLion(parameters, options.LearningRate, options.Beta1, options.Beta2, options.WeightDecay),
            OptimizerKind.Adam => new Adam(parameters, options.LearningRate, options.Beta1, options.Beta2, options.WeightDecay, options.Epsilon),
            OptimizerKind.AdamW => new AdamW(parameters, options.LearningRate, options.Beta1, options.Beta2, options.WeightDecay, options.Epsilon),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "Unknown optimizer kind."),
        };
    }
}
