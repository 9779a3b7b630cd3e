using System.Globalization;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Transforms.Vocabulary;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Transforms.Featurizers;

/// <summary>
/// The featurizer's state as an ONNX graph, so that ML.NET stores it inside the model zip:
/// <c>ContextCodes</c> (the last 512 UTF-16 code units of the context) -> take the last N -> class ids
/// through a lookup table (vocabulary characters, plus ASCII transliterations of non-ASCII characters for
/// the ASCII vocabulary; anything else the fallback id) -> <c>CharacterIds</c> and <c>Features</c> (each
/// id's input value).
/// </summary>
public static class CharacterWindowFeaturizerGraph
{
    /// <summary>Metadata key of the serialized vocabulary.</summary>
    public const string VocabularyKey = "li.vocabulary";

    /// <summary>Metadata key of the window size.</summary>
    public const string WindowSizeKey = "li.window_size";

    /// <summary>Builds the graph for a vocabulary and window size.</summary>
    public static ModelProto Build(CharacterVocabulary vocabulary, int windowSize)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (windowSize < 1 || windowSize > ContextCodesMapping.MaxContextLength)
        {
            throw new ArgumentOutOfRangeException(nameof(windowSize), windowSize,
                $"The featurizer supports windows of 1 to {ContextCodesMapping.MaxContextLength} characters.");
        }
        var graph = new OnnxGraphBuilder("character_window_featurizer");
        string codes = graph.AddInput(ContextCodesMapping.CodesColumn, DataType.Int64, (long)ContextCodesMapping.MaxContextLength);
        string window = graph.AddNode("Slice",
        [
            codes,
            graph.Int64Constant("window_start", ContextCodesMapping.MaxContextLength - windowSize),
            graph.Int64Constant("window_end", ContextCodesMapping.MaxContextLength),
        ]);
        var (keys, values) = CodeToIdTable(vocabulary);
        string ids = graph.AddNode("LabelEncoder", [window], ["CharacterIds"], OnnxGraphBuilder.MlDomain,
            OnnxAttributes.Ints("keys_int64s", keys),
            OnnxAttributes.Ints("values_int64s", values),
            OnnxAttributes.Int("default_int64", vocabulary.FallbackId))[0];
        string inputValues = graph.AddInitializer("input_values", vocabulary.InputValues(), vocabulary.Count);
        graph.AddNode("Gather", [inputValues, ids], "Features", OnnxAttributes.Int("axis", 0));
        graph.AddOutput("Features", DataType.Float, (long)windowSize);
        graph.AddOutput("CharacterIds", DataType.Int64, (long)windowSize);
        return graph.Build(new Dictionary<string, string>
        {
            [VocabularyKey] = vocabulary.Serialize(),
            [WindowSizeKey] = windowSize.ToString(CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Code unit -> class id for every character the featurizer can map (one id per code unit).</summary>
    public static (long[] Keys, long[] Values) CodeToIdTable(CharacterVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var table = new SortedDictionary<long, long>();
        for (int id = 0; id < vocabulary.Count; id++)
        {
            table[vocabulary.Characters[id]] = id;
        }
        if (vocabulary.Kind == VocabularyKind.Ascii)
        {
            for (int code = 128; code <= char.MaxValue; code++)
            {
                char character = (char)code;
                if (!char.IsSurrogate(character) && Transliteration.ToAscii(character) is { Length: > 0 })
                {
                    table[code] = vocabulary.IdOfContextCharacter(character);
                }
            }
        }
        return (table.Keys.ToArray(), table.Values.ToArray());
    }
}
