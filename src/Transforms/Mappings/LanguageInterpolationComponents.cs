using Microsoft.ML;

namespace LanguageInterpolation.Transforms.Mappings;

/// <summary>Registration that <c>mlContext.Model.Load</c> needs for models that contain this project's featurizer or scorers.</summary>
public static class LanguageInterpolationComponents
{
    /// <summary>Registers this project's persisted mappings with the context. Call it before
    /// <c>mlContext.Model.Load</c>; calling it twice is harmless.</summary>
    public static MLContext RegisterLanguageInterpolation(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        mlContext.ComponentCatalog.RegisterAssembly(typeof(ContextCodesMapping).Assembly);
        return mlContext;
    }
}
