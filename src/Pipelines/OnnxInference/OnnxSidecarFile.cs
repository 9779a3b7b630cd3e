using System.Text;
using System.Text.Json;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Transforms.Vocabulary;

namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>
/// The JSON description written next to an exported model (<c>model.onnx.json</c>): the deployment contract
/// for runtimes that cannot read ONNX custom metadata (onnxruntime's JavaScript API): inputs and outputs,
/// vocabulary, window, left padding, line endings, transliteration, what unrepresentable characters and
/// out-of-range ids become. It is built from the model's own metadata, so both always agree; names are the
/// metadata keys without <c>li.</c>. Printable ASCII only (non-ASCII characters are <c>\u</c> escapes).
/// <see cref="LanguageModelExporter"/> builds it before writing the model, then writes both atomically.
/// </summary>
public static class OnnxSidecarFile
{
    /// <summary>The description's path for a model file: the model's path with <c>.json</c> appended.</summary>
    public static string PathFor(string onnxPath)
    {
        ArgumentNullException.ThrowIfNull(onnxPath);
        return onnxPath + ".json";
    }

    /// <summary>The description's JSON text.</summary>
    /// <param name="model">An exported model.</param>
    /// <param name="fileName">The model's file name, recorded in the description.</param>
    /// <exception cref="InvalidDataException">The model breaks the contract.</exception>
    public static string Build(ModelProto model, string fileName)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(fileName);
        OnnxModelDescription description = OnnxModelContract.Describe(model, fileName);
        CharacterVocabulary vocabulary = description.Vocabulary;
        int paddingId = vocabulary.TryGetId(' ', out int space) ? space : vocabulary.FallbackId;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            WriteString(json, "contract", "LanguageInterpolation ONNX language model, see docs/onnx-contract.md");
            json.WriteNumber("contract_version", VocabularyMetadata.ContractVersion);
            WriteString(json, "model", fileName);
            json.WriteStartArray("inputs");
            WriteTensor(json, OnnxNames.CharacterIds, "int64", description.WindowSize);
            json.WriteEndArray();
            json.WriteStartArray("outputs");
            WriteTensor(json, OnnxNames.Score, "float32", vocabulary.Count);
            WriteTensor(json, OnnxNames.PredictedLabel, "int64", null);
            json.WriteEndArray();
            json.WriteStartObject("vocabulary");
            WriteString(json, "kind", vocabulary.Kind == VocabularyKind.Ascii ? "ascii" : "corpus");
            json.WriteNumber("size", vocabulary.Count);
            WriteString(json, "characters", vocabulary.Characters);
            json.WriteEndObject();
            json.WriteNumber("window_size", description.WindowSize);
            WriteString(json, "window_kind", description.WindowKind.ToString());
            json.WriteStartObject("padding");
            WriteString(json, "side", "left");
            WriteString(json, "character", vocabulary.Characters[paddingId].ToString());
            json.WriteNumber("id", paddingId);
            json.WriteEndObject();
            WriteString(json, "line_endings", "CRLF and lone CR become LF before encoding");
            json.WritePropertyName("transliteration");
            json.WriteRawValue(AsciiJson.Object(VocabularyMetadata.TransliterationTable(vocabulary)), skipInputValidation: true);
            if (vocabulary.UnknownId is int unknown)
            {
                json.WriteNumber("unknown_id", unknown);
                WriteString(json, "unrepresentable", "unknown_id");
            }
            else
            {
                json.WriteNull("unknown_id");
                WriteString(json, "unrepresentable", "drop");
            }
            WriteString(json, "out_of_range_ids", VocabularyMetadata.OutOfRangeIds);
            WriteString(json, "network", description.Network);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteTensor(Utf8JsonWriter json, string name, string type, int? width)
    {
        json.WriteStartObject();
        WriteString(json, "name", name);
        WriteString(json, "type", type);
        json.WriteStartArray("shape");
        json.WriteStringValue(OnnxNames.Batch);
        if (width is int size)
        {
            json.WriteNumberValue(size);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    // Strings go through AsciiJson so that every UTF-16 code unit, lone surrogates included, survives as an
    // escape (System.Text.Json's encoders replace lone surrogates).
    private static void WriteString(Utf8JsonWriter json, string name, string value)
    {
        json.WritePropertyName(name);
        json.WriteRawValue(AsciiJson.Quote(value), skipInputValidation: true);
    }
}
