using System.Globalization;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Refinement;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Composition;

/// <summary>
/// Refines the network of a saved model (<see cref="NetworkRefinement"/>) and saves the result as a
/// complete model zip, which predicts what the original did and continues training with
/// <c>li train --init-from</c>.
/// </summary>
public static class ModelRefinement
{
    /// <summary>Reads <paramref name="modelPath"/>, refines its network and writes <paramref name="outputPath"/> atomically.</summary>
    /// <exception cref="InvalidDataException">The model has no network (or is corrupt).</exception>
    /// <exception cref="ArgumentException">The refinement does not apply to this network.</exception>
    public static RefinementResult Refine(MLContext mlContext, string modelPath, RefinementOptions options, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        ModelCard card = LanguageModelFile.ReadCard(modelPath);
        using LanguageNetwork network = SavedNetwork.Load(modelPath);
        using LanguageNetwork refined = NetworkRefinement.Refine(network, options);
        (ITransformer model, DataViewSchema inputSchema) = NetworkPipeline.Create(mlContext, refined, card.VocabularyObject, card.WindowSize, card.WindowKind);
        var training = new Dictionary<string, string>(card.Training, StringComparer.Ordinal)
        {
            ["refined_from"] = Path.GetFileName(modelPath),
            ["refinement"] = Describe(options),
            ["parameters_before_refinement"] = network.ParameterCount.ToString(CultureInfo.InvariantCulture),
        };
        ModelCard refinedCard = card with { Network = NetworkJson.Serialize(refined.Config), Training = training, CreatedUtc = DateTime.UtcNow };
        LanguageModelFile.Save(mlContext, model, inputSchema, refinedCard, outputPath);
        return new RefinementResult(network.Config, network.ParameterCount, refined.Config, refined.ParameterCount, refinedCard);
    }

    /// <summary>The refinement in the CLI's words, e.g. "n=3 segments=4".</summary>
    public static string Describe(RefinementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var parts = new List<string>();
        if (options.Nodes is int nodes)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"n={nodes}"));
        }
        if (options.Segments is int segments)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"segments={segments}"));
        }
        if (options.InputSegments is int inputSegments)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"input_segments={inputSegments}"));
        }
        return string.Join(' ', parts);
    }
}
