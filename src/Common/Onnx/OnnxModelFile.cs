using Google.Protobuf;
using LanguageInterpolation.Common.IO;
using LanguageInterpolation.Common.Onnx.Proto;

namespace LanguageInterpolation.Common.Onnx;

/// <summary>Reads and writes ONNX model files; writes go to a temporary file that is then renamed, so a
/// crash never leaves half a model behind.</summary>
public static class OnnxModelFile
{
    /// <summary>Serialises a model to bytes.</summary>
    public static byte[] ToBytes(ModelProto model) => model.ToByteArray();

    /// <summary>Writes a model atomically.</summary>
    public static void Write(ModelProto model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        AtomicFile.WriteAllBytes(path, model.ToByteArray());
    }

    /// <summary>Parses model bytes.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model.</exception>
    public static ModelProto Parse(byte[] bytes, string origin)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new InvalidDataException($"Not an ONNX model: {origin} ({error.Message})", error);
        }
        if (model.Graph is null || model.IrVersion == 0 || model.OpsetImport.Count == 0)
        {
            throw new InvalidDataException($"Not an ONNX model: {origin} (no graph, IR version or opset)");
        }
        return model;
    }

    /// <summary>Reads and parses a model file.</summary>
    public static ModelProto Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"ONNX model not found: {path}", path);
        }
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>The model's metadata properties as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(ModelProto model) =>
        model.MetadataProps.GroupBy(entry => entry.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last().Value, StringComparer.Ordinal);
}
