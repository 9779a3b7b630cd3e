using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LanguageInterpolation.Tests.Support;

/// <summary>Runs ONNX bytes in ONNX Runtime with full graph optimisation (an independent engine from TorchSharp).</summary>
public static class OnnxRunner
{
    /// <summary>Runs a model on one named input and returns every output as float or long arrays.</summary>
    public static Dictionary<string, Array> Run(byte[] model, string inputName, Array values, int[] shape)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(model, options);
        NamedOnnxValue input = values switch
        {
            float[] floats => NamedOnnxValue.CreateFromTensor(inputName, new DenseTensor<float>(floats, shape)),
            long[] longs => NamedOnnxValue.CreateFromTensor(inputName, new DenseTensor<long>(longs, shape)),
            _ => throw new ArgumentException("Inputs must be float[] or long[].", nameof(values)),
        };
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run([input]);
        var outputs = new Dictionary<string, Array>(StringComparer.Ordinal);
        foreach (DisposableNamedOnnxValue result in results)
        {
            outputs[result.Name] = result.ElementType switch
            {
                TensorElementType.Float => result.AsTensor<float>().ToArray(),
                TensorElementType.Int64 => result.AsTensor<long>().ToArray(),
                _ => throw new NotSupportedException($"Output {result.Name} has type {result.ElementType}."),
            };
        }
        return outputs;
    }
}
