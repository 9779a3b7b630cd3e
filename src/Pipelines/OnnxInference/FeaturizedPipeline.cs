using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>
/// A fitted pipeline as <see cref="Composition.TrainerRegistry"/> builds it, cut in two: the character-window
/// featurizer (first element of the top-level chain: <c>Context</c> text in, <c>Features</c> and
/// <c>CharacterIds</c> out) and the scoring transformers after it, which the exporters convert.
/// </summary>
internal sealed record FeaturizedPipeline(ITransformer Featurizer, IReadOnlyList<ITransformer> Scoring)
{
    /// <summary>Splits a fitted pipeline; fails with a message naming what is not as expected.</summary>
    /// <exception cref="NotSupportedException">The pipeline does not start with the featurizer, or has nothing after it.</exception>
    public static FeaturizedPipeline Split(ITransformer pipeline, int windowSize)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        if (pipeline is not IEnumerable<ITransformer> chain || chain.Take(2).Count() < 2)
        {
            throw new NotSupportedException(
                $"Cannot export a {Describe(pipeline)}: expected a fitted pipeline whose first element is the character-window featurizer, followed by a trainer's transformer.");
        }
        ITransformer featurizer = chain.First();
        CheckFeaturizer(featurizer, windowSize);
        return new FeaturizedPipeline(featurizer, chain.Skip(1).ToArray());
    }

    /// <summary>The scoring transformers and those nested in them, depth first.</summary>
    public IEnumerable<ITransformer> ScoringLeaves() => Scoring.SelectMany(Flatten);

    /// <summary>The scoring part as one transformer.</summary>
    public ITransformer ScoringChain() => Scoring.Count == 1 ? Scoring[0] : new TransformerChain<ITransformer>(Scoring.ToArray());

    /// <summary>A short description of the transformers in a pipeline, for error messages.</summary>
    public static string Describe(ITransformer transformer) =>
        string.Join(" -> ", Flatten(transformer).Select(leaf => ShortName(leaf.GetType())));

    private static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [transformer];

    private static string ShortName(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(ShortName))}>" : type.Name;

    private static void CheckFeaturizer(ITransformer featurizer, int windowSize)
    {
        var context = new DataViewSchema.Builder();
        context.AddColumn(CharacterWindowColumns.Context, TextDataViewType.Instance);
        DataViewSchema output;
        try
        {
            output = featurizer.GetOutputSchema(context.ToSchema());
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            throw new NotSupportedException(
                $"Cannot export the pipeline: its first element ({Describe(featurizer)}) is not the character-window featurizer ({error.Message}).", error);
        }
        if (output.GetColumnOrNull(CharacterWindowColumns.Features)?.Type is not VectorDataViewType { ItemType: NumberDataViewType, Size: var size } features
            || features.ItemType != NumberDataViewType.Single || size != windowSize
            || output.GetColumnOrNull(CharacterWindowColumns.CharacterIds)?.Type is not VectorDataViewType ids
            || ids.ItemType != NumberDataViewType.Int64 || ids.Size != windowSize)
        {
            throw new NotSupportedException(
                $"Cannot export the pipeline: its first element ({Describe(featurizer)}) does not write '{CharacterWindowColumns.Features}' (Single) and '{CharacterWindowColumns.CharacterIds}' (Int64) vectors of the window size {windowSize}.");
        }
    }
}
