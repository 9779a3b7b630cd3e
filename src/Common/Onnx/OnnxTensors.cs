using Google.Protobuf;
using LanguageInterpolation.Common.Onnx.Proto;

namespace LanguageInterpolation.Common.Onnx;

/// <summary>Factories for ONNX tensors (initializers and attribute values).</summary>
public static class OnnxTensors
{
    /// <summary>A float tensor stored as little-endian raw bytes; no dimensions means a scalar.</summary>
    public static TensorProto Float(string name, float[] values, params long[] dimensions)
    {
        CheckSize(values.Length, dimensions, name);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dimensions);
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return tensor;
    }

    /// <summary>An int64 tensor stored as little-endian raw bytes; no dimensions means a scalar.</summary>
    public static TensorProto Int64(string name, long[] values, params long[] dimensions)
    {
        CheckSize(values.Length, dimensions, name);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dimensions);
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return tensor;
    }

    /// <summary>Reads the values of a float tensor (raw or typed storage).</summary>
    public static float[] ReadFloats(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.RawData.IsEmpty
            ? tensor.FloatData.ToArray()
            : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
    }

    private static void CheckSize(int count, long[] dimensions, string name)
    {
        long expected = dimensions.Aggregate(1L, (product, size) => product * size);
        if (expected != count)
        {
            throw new ArgumentException($"Tensor '{name}' has {count} values but dimensions [{string.Join(", ", dimensions)}] hold {expected}.");
        }
    }
}
