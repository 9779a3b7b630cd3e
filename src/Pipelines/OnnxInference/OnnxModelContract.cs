using System.Globalization;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>
/// Checks that an ONNX model is a language model of the deployment contract before anything runs it:
/// one input <c>CharacterIds</c> int64 (batch, N); outputs <c>Score</c> float (batch, V) and
/// <c>PredictedLabel</c> int64 (batch); metadata <c>li.vocabulary</c>, <c>li.characters</c> (the JSON string
/// of contract version 2, or the raw characters of version 1, see <see cref="VocabularyMetadata"/>),
/// <c>li.window_size</c> (= N), <c>li.window_kind</c>, <c>li.input_form</c> (= CharacterIds) and
/// <c>li.network</c>, with V the vocabulary's size. Every problem is collected and reported at once.
/// </summary>
public static class OnnxModelContract
{
    /// <summary>Metadata properties every exported language model carries.</summary>
    public static IReadOnlyList<string> RequiredMetadata { get; } =
    [
        OnnxNames.VocabularyKey, OnnxNames.CharactersKey, OnnxNames.WindowSizeKey,
        OnnxNames.WindowKindKey, OnnxNames.InputFormKey, OnnxNames.NetworkKey,
    ];

    /// <summary>Reads the description of a model that follows the contract.</summary>
    /// <param name="model">The parsed model.</param>
    /// <param name="origin">Where it came from, for messages (a path).</param>
    /// <exception cref="InvalidDataException">The model breaks the contract; the message names every problem.</exception>
    public static OnnxModelDescription Describe(ModelProto model, string origin)
    {
        ArgumentNullException.ThrowIfNull(model);
        var problems = new List<string>();
        IReadOnlyDictionary<string, string> metadata = OnnxModelFile.Metadata(model);
        int? width = CheckInput(model.Graph, metadata, problems);
        long? classes = CheckOutputs(model.Graph, problems);
        foreach (string key in RequiredMetadata.Where(key => !metadata.ContainsKey(key)))
        {
            problems.Add($"metadata '{key}' is missing");
        }
        CharacterVocabulary? vocabulary = ReadVocabulary(metadata, classes, problems);
        int windowSize = ReadWindowSize(metadata, width, problems);
        WindowKind windowKind = WindowKind.Sequence;
        if (metadata.TryGetValue(OnnxNames.WindowKindKey, out string? kind) && !Enum.TryParse(kind, ignoreCase: false, out windowKind))
        {
            problems.Add($"metadata '{OnnxNames.WindowKindKey}' is '{kind}', not one of {string.Join(", ", Enum.GetNames<WindowKind>())}");
        }
        if (metadata.TryGetValue(OnnxNames.InputFormKey, out string? form) && form != nameof(OnnxInputForm.CharacterIds)
            && !problems.Any(problem => problem.Contains(OnnxNames.CharacterIds, StringComparison.Ordinal)))
        {
            problems.Add($"metadata '{OnnxNames.InputFormKey}' is '{form}', expected '{nameof(OnnxInputForm.CharacterIds)}'");
        }
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"{origin} is not a language model of this project's ONNX contract: {string.Join("; ", problems)}.");
        }
        return new OnnxModelDescription(vocabulary!, windowSize, windowKind, metadata[OnnxNames.NetworkKey],
            metadata.GetValueOrDefault(OnnxNames.TrainingKey), metadata);
    }

    private static int? CheckInput(GraphProto graph, IReadOnlyDictionary<string, string> metadata, List<string> problems)
    {
        var initializers = graph.Initializer.Select(tensor => tensor.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = graph.Input.Where(input => !initializers.Contains(input.Name)).ToList();
        ValueInfoProto? ids = inputs.FirstOrDefault(input => input.Name == OnnxNames.CharacterIds);
        foreach (ValueInfoProto other in inputs.Where(input => input.Name != OnnxNames.CharacterIds))
        {
            problems.Add($"unexpected input '{other.Name}' ({Describe(other)})");
        }
        if (ids is null)
        {
            string form = metadata.TryGetValue(OnnxNames.InputFormKey, out string? value) ? $" (input form {value})" : "";
            problems.Add(inputs.Any(input => input.Name == OnnxNames.Features)
                ? $"input '{OnnxNames.CharacterIds}' is missing: the model reads '{OnnxNames.Features}'{form}; export it with the {nameof(OnnxInputForm.CharacterIds)} form, the deployment form"
                : $"input '{OnnxNames.CharacterIds}' is missing");
            return null;
        }
        var dims = ids.Type?.TensorType?.Shape?.Dim;
        if (ids.Type?.TensorType?.ElemType != (int)DataType.Int64 || dims is not { Count: 2 } || !IsDynamic(dims[0]) || dims[1].DimValue < 1)
        {
            problems.Add($"input '{OnnxNames.CharacterIds}': expected int64 [batch, N], got {Describe(ids)}");
            return null;
        }
        return checked((int)dims[1].DimValue);
    }

    private static long? CheckOutputs(GraphProto graph, List<string> problems)
    {
        ValueInfoProto? score = graph.Output.FirstOrDefault(output => output.Name == OnnxNames.Score);
        ValueInfoProto? label = graph.Output.FirstOrDefault(output => output.Name == OnnxNames.PredictedLabel);
        long? classes = null;
        if (score is null)
        {
            problems.Add($"output '{OnnxNames.Score}' is missing (outputs: {string.Join(", ", graph.Output.Select(output => output.Name))})");
        }
        else if (score.Type?.TensorType is { ElemType: (int)DataType.Float, Shape.Dim: { Count: 2 } dims } && IsDynamic(dims[0]) && dims[1].DimValue > 1)
        {
            classes = dims[1].DimValue;
        }
        else
        {
            problems.Add($"output '{OnnxNames.Score}': expected float [batch, V], got {Describe(score)}");
        }
        if (label is null)
        {
            problems.Add($"output '{OnnxNames.PredictedLabel}' is missing");
        }
        else if (label.Type?.TensorType is not { ElemType: (int)DataType.Int64, Shape.Dim: { Count: 1 } labelDims } || !IsDynamic(labelDims[0]))
        {
            problems.Add($"output '{OnnxNames.PredictedLabel}': expected int64 [batch], got {Describe(label)}");
        }
        return classes;
    }

    private static CharacterVocabulary? ReadVocabulary(IReadOnlyDictionary<string, string> metadata, long? classes, List<string> problems)
    {
        if (!metadata.TryGetValue(OnnxNames.VocabularyKey, out string? json))
        {
            return null;
        }
        CharacterVocabulary vocabulary;
        try
        {
            vocabulary = CharacterVocabulary.Parse(json);
        }
        catch (FormatException error)
        {
            problems.Add($"metadata '{OnnxNames.VocabularyKey}' is unreadable ({error.Message})");
            return null;
        }
        if (metadata.TryGetValue(OnnxNames.CharactersKey, out string? value)
            && VocabularyMetadata.ReadCharacters(value) is var characters && characters != vocabulary.Characters)
        {
            problems.Add($"metadata '{OnnxNames.CharactersKey}' ({characters.Length} characters) differs from the vocabulary's {vocabulary.Count} characters");
        }
        if (classes is long width && width != vocabulary.Count)
        {
            problems.Add($"output '{OnnxNames.Score}' has {width} classes but the vocabulary has {vocabulary.Count}");
        }
        return vocabulary;
    }

    private static int ReadWindowSize(IReadOnlyDictionary<string, string> metadata, int? width, List<string> problems)
    {
        if (!metadata.TryGetValue(OnnxNames.WindowSizeKey, out string? text))
        {
            return 0;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int windowSize) || windowSize < 1)
        {
            problems.Add($"metadata '{OnnxNames.WindowSizeKey}' is '{text}', not a positive integer");
        }
        else if (width is int inputWidth && inputWidth != windowSize)
        {
            problems.Add($"metadata '{OnnxNames.WindowSizeKey}' is {windowSize} but input '{OnnxNames.CharacterIds}' holds {inputWidth} ids");
        }
        return windowSize;
    }

    private static bool IsDynamic(TensorShapeProto.Types.Dimension dimension) =>
        dimension.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam || dimension.DimValue <= 0;

    private static string Describe(ValueInfoProto value)
    {
        var tensor = value.Type?.TensorType;
        if (tensor is null)
        {
            return "not a tensor";
        }
        string type = ((DataType)tensor.ElemType).ToString().ToLowerInvariant();
        string dims = tensor.Shape is null ? "?" : string.Join(", ", tensor.Shape.Dim.Select(dimension =>
            dimension.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? dimension.DimParam : dimension.DimValue.ToString(CultureInfo.InvariantCulture)));
        return $"{type} [{dims}]";
    }
}
