using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Copies TorchSharp tensors out as float arrays for ONNX initializers.</summary>
public static class TensorValues
{
    /// <summary>The tensor's values in row-major order, as float32, from any device.</summary>
    public static float[] Of(Tensor value)
    {
        using var scope = NewDisposeScope();
        return value.detach().to(ScalarType.Float32, CPU).contiguous().data<float>().ToArray();
    }
}
