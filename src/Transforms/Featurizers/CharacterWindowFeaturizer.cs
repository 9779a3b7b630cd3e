using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LanguageInterpolation.Transforms.Featurizers;

/// <summary>
/// Estimator that turns the <c>Context</c> text column into <c>Features</c> (known-size float vector of
/// the window's input values) and <c>CharacterIds</c> (the window's class ids, int64), exactly as the
/// character-window loader computes them. The fitted transformer is a chain of ML.NET components that
/// <c>mlContext.Model.Save</c> persists with the vocabulary inside: a stateless split of the text into
/// code units (<see cref="ContextCodesMapping"/>) and an ONNX graph holding the vocabulary and window
/// size (<see cref="CharacterWindowFeaturizerGraph"/>). Contexts shorter than the window are padded on
/// the left with spaces; longer ones keep their last characters. Call
/// <see cref="LanguageInterpolationComponents.RegisterLanguageInterpolation"/> before loading a saved model.
/// </summary>
public sealed class CharacterWindowFeaturizer : IEstimator<ITransformer>
{
    private readonly IEstimator<ITransformer> _inner;

    /// <summary>Creates the featurizer for a vocabulary and window size, built from components of <paramref name="mlContext"/>.</summary>
    public CharacterWindowFeaturizer(MLContext mlContext, CharacterVocabulary vocabulary, int windowSize)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(vocabulary);
        Vocabulary = vocabulary;
        WindowSize = windowSize;
        byte[] graph = OnnxModelFile.ToBytes(CharacterWindowFeaturizerGraph.Build(vocabulary, windowSize));
        mlContext.RegisterLanguageInterpolation();
        _inner = mlContext.Transforms.CustomMapping(new ContextCodesMapping().GetMapping(), ContextCodesMapping.ContractName)
            .Append(mlContext.Transforms.ApplyOnnxModel(
                [CharacterWindowColumns.Features, CharacterWindowColumns.CharacterIds],
                [ContextCodesMapping.CodesColumn],
                new MemoryStream(graph), shapeDictionary: null, gpuDeviceId: null, fallbackToCpu: true, recursionLimit: 100))
            .Append(mlContext.Transforms.DropColumns(ContextCodesMapping.CodesColumn));
    }

    /// <summary>The vocabulary.</summary>
    public CharacterVocabulary Vocabulary { get; }

    /// <summary>Context characters per window.</summary>
    public int WindowSize { get; }

    /// <inheritdoc />
    public ITransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckContextColumn(input.Schema.GetColumnOrNull(CharacterWindowColumns.Context)?.Type);
        return _inner.Fit(input);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaShape.Column? context = inputSchema.Cast<SchemaShape.Column?>()
            .FirstOrDefault(column => column!.Value.Name == CharacterWindowColumns.Context);
        CheckContextColumn(context?.ItemType, context?.Kind ?? SchemaShape.Column.VectorKind.Scalar);
        return _inner.GetOutputSchema(inputSchema);
    }

    private static void CheckContextColumn(DataViewType? type, SchemaShape.Column.VectorKind kind = SchemaShape.Column.VectorKind.Scalar)
    {
        if (type is null)
        {
            throw new ArgumentException($"Column '{CharacterWindowColumns.Context}' not found: the featurizer reads the window's context text from it.");
        }
        if (type is not TextDataViewType || kind != SchemaShape.Column.VectorKind.Scalar)
        {
            throw new ArgumentException($"Column '{CharacterWindowColumns.Context}': expected a scalar String (text), got {type}.");
        }
    }
}
